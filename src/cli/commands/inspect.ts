// `modelmath inspect FOLDER`: a Hugging Face snapshot folder (config.json + safetensors / .bin
// shards, or GGUF) — the headers against the config, tensor by tensor, dtype mix, bytes.
import { folderJson, folderMarkdown, inspectModelFolder } from '../../core/model/modelFolder';
import { TensorFileError } from '../../core/tensor/files/byteSource';
import { UnsafePickleError } from '../../core/tensor/files/pickle';
import { ModelFolderError, readModelFolder } from '../../node/modelFolder';
import { parse } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';

const usage = 'modelmath inspect FOLDER [--decimal] [--json]';

export const inspectCommand: Subcommand = {
  name: 'inspect',
  summary: 'A model folder (config.json + safetensors/.bin shards or GGUF): headers against the config, dtype mix, bytes',
  usage,
  help: `${usage}

Reads a Hugging Face snapshot folder: config.json and the checkpoint's headers (model.safetensors
and its index, *.safetensors, pytorch_model.bin and its index, *.pt/*.pth through the allowlist
unpickler, or *.gguf). No tensor data is read. Prints a Markdown report:
- elements in the headers against the parameters config.json implies, term by term: tied head not
  stored, persisted buffers, quantization side tensors and packed weights, missing or unknown
  tensors, other shapes;
- the dtype mix (tensors, elements, bytes per dtype);
- bytes stored (what loading the weights takes) against the bytes the config implies (its
  quantization_config's layout, or parameters × torch_dtype), and the KV cache per token.
GGUF tensors have llama.cpp's names, so a GGUF folder is compared with config.json by totals.

--json prints {folder, format, files, tensors, stored_elements, stored_bytes, dtypes, config:
{parameters, …}, expected_bytes, reconciliation: {config_parameters, buffers, quantization,
unknown, missing, shape_difference, header_elements, unexplained}, comparison, notes}.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { decimal: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw new UsageError(`expected one FOLDER. Usage: ${usage}`);
    const dir = positionals[0] as string;
    let contents;
    try {
      contents = await readModelFolder(dir);
    } catch (err) {
      if (err instanceof UnsafePickleError) throw new UsageError(`security warning: ${dir}: ${err.message}`);
      if (err instanceof ModelFolderError || err instanceof TensorFileError) throw new UsageError(err.message);
      throw err;
    }
    const report = inspectModelFolder(contents);
    io.out(values.json ? `${JSON.stringify(folderJson(report), null, 2)}\n` : folderMarkdown(report, !!values.decimal));
    return 0;
  },
};
