// Every command id Model Math contributes. package.json lists exactly these (a unit test checks).
export const COMMAND_IDS = [
  'modelmath.evaluateSelection',
  'modelmath.replaceSelection',
  'modelmath.appendResult',
  'modelmath.newWorksheet',
  'modelmath.openFormula',
  'modelmath.estimateConfig',
  'modelmath.inspectModelFolder',
  'modelmath.openCalculator',
  'modelmath.openReference',
  'modelmath.checkAttentionScale',
  'modelmath.openAttention',
  'modelmath.checkTensor',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
