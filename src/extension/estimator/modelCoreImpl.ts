// What the estimator surfaces use from src/core/model and src/node, behind one lazy import (modelCore.ts).
export { compareCheckpoint, crossCheckIndex } from '../../core/model/crossCheck';
export { estimate, estimateConfig, indexCheck } from '../../core/model/estimate';
export { normalizeConfig } from '../../core/model/normalize';
export { readCheckpointTensors } from '../../node/checkpointTensors';
export { folderMarkdown, inspectModelFolder } from '../../core/model/modelFolder';
export { readModelFolder } from '../../node/modelFolder';
