// An allowlist unpickler for PyTorch checkpoints, modelled on torch/_weights_only_unpickler.py
// (torch.load(weights_only=True)). It never executes anything: it is a stack machine over the pickle
// opcodes that builds plain data. A GLOBAL (or STACK_GLOBAL, INST) naming anything outside the
// allowlist stops it at once with an UnsafePickleError naming that global; OBJ, EXT* and
// out-of-band buffers are refused outright. Allowed callables are interpreted here by name (a tensor
// rebuild becomes a TorchTensor record), never looked up or called. See docs/decisions/0011.
import { TensorFileError } from './byteSource';

/** A pickle asks for something outside the allowlist. Nothing was run. */
export class UnsafePickleError extends TensorFileError {
  constructor(
    readonly global: string,
    what: string,
    why: string,
  ) {
    super(`${what}: refused ${global} (${why}); nothing was run. Only tensors, storages, dtypes, OrderedDict, plain containers and numbers are read`);
    this.name = 'UnsafePickleError';
  }
}

/** The pickle is cut short: the caller may retry with more bytes (legacy checkpoints are read incrementally). */
export class PickleTruncatedError extends TensorFileError {}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}
export class PyDict {
  readonly entries = new Map<PyKey, PyValue>();
}
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get full(): string {
    return `${this.module}.${this.name}`;
  }
}
/** A storage as the persistent id names it: ('storage', torch.FloatStorage, key, location, numel[, view]). */
export class TorchStorage {
  constructor(
    readonly key: string,
    readonly dtype: TorchDtype,
    readonly numel: number,
  ) {}
}
export class TorchTensor {
  constructor(
    readonly storage: TorchStorage,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly dtype: TorchDtype,
  ) {}
}
/** An allowed object we understand only as a placeholder (torch.device, a layout, a set, …). */
export class PyOpaque {
  constructor(readonly what: string) {}
}
export type PyKey = string | number | bigint | boolean | null;
export type PyValue = PyKey | Uint8Array | PyValue[] | PyTuple | PyDict | PyGlobal | TorchStorage | TorchTensor | PyOpaque;

/** torch storage classes and dtypes → numpy dtype names we decode (others are listed, not decoded). */
const STORAGE_DTYPES: Readonly<Record<string, string>> = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8', BoolStorage: 'bool',
  ComplexFloatStorage: 'complex64', ComplexDoubleStorage: 'complex128',
  QInt8Storage: 'qint8', QUInt8Storage: 'quint8', QInt32Storage: 'qint32', QUInt4x2Storage: 'quint4x2', QUInt2x4Storage: 'quint2x4',
};
const TORCH_DTYPES = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'complex64', 'complex128', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz', 'float8_e8m0fnu', 'float4_e2m1fn_x2'];
const DTYPE_ALIASES: Readonly<Record<string, string>> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16', cfloat: 'complex64', cdouble: 'complex128' };
export type TorchDtype = string;
export const TORCH_ITEM_SIZE: Readonly<Record<string, number>> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, uint16: 2, uint32: 4, uint64: 8, bool: 1,
  complex64: 8, complex128: 16, float8_e4m3fn: 1, float8_e5m2: 1, float8_e4m3fnuz: 1, float8_e5m2fnuz: 1, float8_e8m0fnu: 1, float4_e2m1fn_x2: 1,
  qint8: 1, quint8: 1, qint32: 4, quint4x2: 1, quint2x4: 1,
};

class TorchDtypeValue extends PyOpaque {
  constructor(readonly dtype: TorchDtype) {
    super(`torch.${dtype}`);
  }
}

/** Rebuild functions torch's weights-only unpickler allows; the ones we read and the ones we only name. */
const REBUILDS = new Set(['_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state']);
const REBUILDS_UNSUPPORTED = new Set(['_rebuild_qtensor', '_rebuild_sparse_tensor', '_rebuild_meta_tensor_no_storage', '_rebuild_nested_tensor', '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_numpy', '_rebuild_device_tensor_from_cpu_tensor']);

/** Whether a global is on the allowlist (the same set torch.load(weights_only=True) accepts by default). */
export function isAllowedGlobal(module: string, name: string): boolean {
  const full = `${module}.${name}`;
  if (['collections.OrderedDict', 'collections.Counter', 'torch.nn.parameter.Parameter', 'torch.serialization._get_layout', 'torch.Size', 'torch.Tensor', 'torch.device', '_codecs.encode', 'builtins.bytearray', 'builtins.set', 'builtins.complex', 'torch._tensor._rebuild_from_type_v2'].includes(full)) return true;
  if (module === 'torch._utils') return REBUILDS.has(name) || REBUILDS_UNSUPPORTED.has(name);
  if (module === 'torch' && (name in STORAGE_DTYPES || name === 'UntypedStorage' || name === 'TypedStorage' || TORCH_DTYPES.includes(name) || name in DTYPE_ALIASES || /^u?int[1-7]$/.test(name) || ['per_tensor_affine', 'per_tensor_symmetric', 'per_channel_affine', 'per_channel_symmetric', 'per_channel_affine_float_qparams', 'strided', 'sparse_coo'].includes(name))) return true;
  if (module === 'torch.cuda' && /Tensor$|Storage$/.test(name)) return true;
  return module === 'torch' && /^(?:Float|Double|Half|BFloat16|Long|Int|Short|Char|Byte|Bool)Tensor$/.test(name);
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

export interface UnpickleResult {
  readonly value: PyValue;
  /** Bytes consumed up to and including STOP. */
  readonly end: number;
}

export interface UnpickleOptions {
  /** Names for error messages. */
  readonly what: string;
  /** Turns a persistent id tuple into a storage (torch's persistent_load). */
  readonly persistentLoad?: (pid: PyValue) => PyValue;
  /** True when `bytes` may be only a prefix of the stream (a PickleTruncatedError then asks for more). */
  readonly partial?: boolean;
}

const asNumber = (v: PyValue, what: string): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TensorFileError(`${what}: expected an integer, got ${describe(v)}`);
};
const items = (v: PyValue, what: string): readonly PyValue[] => {
  if (v instanceof PyTuple) return v.items;
  if (Array.isArray(v)) return v;
  throw new TensorFileError(`${what}: expected a tuple, got ${describe(v)}`);
};
export function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (v instanceof PyTuple) return 'a tuple';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof PyDict) return 'a dict';
  if (v instanceof PyGlobal) return v.full;
  if (v instanceof TorchTensor) return 'a tensor';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof PyOpaque) return v.what;
  return typeof v;
}

/** What calling an allowed global with these arguments gives, interpreted by name (nothing is called). */
function callAllowed(fn: PyValue, argv: PyValue, what: string): PyValue {
  if (fn instanceof TorchDtypeValue || !(fn instanceof PyGlobal)) throw new TensorFileError(`${what}: a pickle calls ${describe(fn)}, which is not a callable the allowlist knows`);
  const args = items(argv, `${what}: arguments of ${fn.full}`);
  const at = `${what}: ${fn.full}`;
  switch (fn.full) {
    case 'collections.OrderedDict':
    case 'collections.Counter': {
      const d = new PyDict();
      const init = args[0];
      if (init instanceof PyDict) init.entries.forEach((v, k) => d.entries.set(k, v));
      else if (Array.isArray(init)) for (const pair of init) {
        const [k, v] = items(pair, at);
        d.entries.set(key(k as PyValue, at), v as PyValue);
      }
      return d;
    }
    case 'torch.Size':
      return new PyTuple(args[0] === undefined ? [] : items(args[0], at));
    case 'torch.device':
      return new PyOpaque(`device(${args.map((a) => String(a)).join(', ')})`);
    case 'torch.serialization._get_layout':
      return new PyOpaque(`layout ${String(args[0])}`);
    case '_codecs.encode': {
      // Protocol-2 pickles spell bytes as _codecs.encode(text, 'latin1').
      const text = typeof args[0] === 'string' ? args[0] : '';
      return Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
    }
    case 'builtins.bytearray':
      return args[0] instanceof Uint8Array ? args[0] : new Uint8Array(0);
    case 'builtins.set':
      return args[0] === undefined ? [] : [...items(args[0], at)];
    case 'builtins.complex':
      return new PyOpaque('complex');
    case 'torch._utils._rebuild_tensor':
    case 'torch._utils._rebuild_tensor_v2':
    case 'torch._utils._rebuild_tensor_v3': {
      const [storage, offset, size, stride] = args;
      if (!(storage instanceof TorchStorage)) throw new TensorFileError(`${at}: the first argument is ${describe(storage as PyValue)}, not a storage`);
      const shape = items(size as PyValue, at).map((x) => asNumber(x, `${at} size`));
      const strides = items(stride as PyValue, at).map((x) => asNumber(x, `${at} stride`));
      if (shape.length !== strides.length) throw new TensorFileError(`${at}: size has ${shape.length} dimensions but stride ${strides.length}`);
      const dtype = fn.name === '_rebuild_tensor_v3' && args[6] instanceof TorchDtypeValue ? args[6].dtype : storage.dtype;
      return new TorchTensor(storage, asNumber(offset as PyValue, `${at} offset`), shape, strides, dtype);
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      if (!(args[0] instanceof TorchTensor)) throw new TensorFileError(`${at}: the data is ${describe(args[0] as PyValue)}, not a tensor`);
      return args[0];
    case 'torch._tensor._rebuild_from_type_v2': {
      // (func, type, args, state): a tensor subclass; the tensor itself comes from func(*args).
      const [inner, , innerArgs] = args;
      return callAllowed(inner as PyValue, innerArgs as PyValue, what);
    }
    default:
      if (fn.module === 'torch._utils') return new PyOpaque(`${fn.name.replace(/^_rebuild_/, '')} tensor (not read: quantized, sparse, nested or meta tensors are listed only)`);
      throw new TensorFileError(`${at} cannot be called here`);
  }
}

function key(v: PyValue, what: string): PyKey {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (v instanceof PyTuple) return `(${v.items.map((x) => String(key(x, what))).join(', ')})`;
  throw new TensorFileError(`${what}: a dict key is ${describe(v)}`);
}

/** Runs the pickle opcodes of `bytes` from `start` up to STOP, building plain values. */
export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions): UnpickleResult {
  const what = options.what;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  let p = start;
  const truncated = (): never => {
    if (options.partial) throw new PickleTruncatedError(`${what}: the pickle continues past byte ${bytes.length}`);
    throw new TensorFileError(`${what}: the pickle ends at byte ${bytes.length} without a STOP (truncated file)`);
  };
  const need = (n: number) => {
    if (p + n > bytes.length) truncated();
  };
  const u8 = () => (need(1), bytes[p++] as number);
  const u16 = () => (need(2), (p += 2), view.getUint16(p - 2, true));
  const u32 = () => (need(4), (p += 4), view.getUint32(p - 4, true));
  const i32 = () => (need(4), (p += 4), view.getInt32(p - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(p, true);
    p += 8;
    if (v > BigInt(bytes.length)) truncated();
    return Number(v);
  };
  const take = (n: number) => {
    if (n < 0) throw new TensorFileError(`${what}: corrupt pickle: negative length ${n} at byte ${p}`);
    need(n);
    p += n;
    return bytes.subarray(p - n, p);
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) truncated();
    const s = new TextDecoder('latin1').decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw new TensorFileError(`${what}: corrupt pickle: the stack is empty at byte ${p - 1}`);
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new TensorFileError(`${what}: corrupt pickle: the stack is empty at byte ${p - 1}`);
    return v;
  };
  const popMark = (): PyValue[] => {
    const m = marks.pop();
    if (m === undefined) throw new TensorFileError(`${what}: corrupt pickle: no MARK before byte ${p - 1}`);
    const out = stack.splice(m) as PyValue[];
    out.shift(); // the mark itself
    return out;
  };
  const global = (module: string, name: string): PyGlobal => {
    if (!isAllowedGlobal(module, name)) throw new UnsafePickleError(`${module}.${name}`, what, 'not on the allowlist');
    if (module === 'torch' && (TORCH_DTYPES.includes(name) || name in DTYPE_ALIASES || /^u?int[1-7]$/.test(name))) return new TorchDtypeValue(DTYPE_ALIASES[name] ?? name) as unknown as PyGlobal;
    return new PyGlobal(module, name);
  };
  const setItems = (target: PyValue, kv: PyValue[]) => {
    if (!(target instanceof PyDict)) throw new TensorFileError(`${what}: SETITEM(S) on ${describe(target)}`);
    for (let i = 0; i + 1 < kv.length; i += 2) target.entries.set(key(kv[i] as PyValue, what), kv[i + 1] as PyValue);
  };
  const appendTo = (target: PyValue, values: PyValue[]) => {
    if (!Array.isArray(target)) throw new TensorFileError(`${what}: APPEND(S) on ${describe(target)}`);
    target.push(...values);
  };

  for (;;) {
    if (p >= bytes.length) truncated();
    const at = p;
    const op = bytes[p++] as number;
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: a length hint, the opcodes follow inline
      case 0x2e: { // STOP
        const v = pop();
        return { value: v, end: p };
      }
      case 0x28: marks.push(stack.length); stack.push(MARK); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      // Numbers
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: case 0x8b: { // LONG1, LONG4: little-endian two's complement
        const n = op === 0x8a ? u8() : u32();
        const b = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
        if (n > 0 && ((b[n - 1] as number) & 0x80)) v -= 1n << BigInt(8 * n);
        stack.push(v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x49: { // INT (text): also spells True/False as 01/00
        const s = line().trim();
        stack.push(s === '01' ? true : s === '00' ? false : Number(s));
        break;
      }
      case 0x4c: stack.push(Number(line().trim().replace(/L$/, ''))); break; // LONG (text)
      case 0x47: need(8); stack.push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x46: stack.push(Number(line())); break; // FLOAT (text)
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      // Strings and bytes
      case 0x58: stack.push(utf8(take(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(utf8(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8(take(u64()))); break; // BINUNICODE8
      case 0x56: stack.push(line()); break; // UNICODE (raw-unicode-escape; fine for names)
      case 0x54: stack.push(new TextDecoder('latin1').decode(take(i32()))); break; // BINSTRING
      case 0x55: stack.push(new TextDecoder('latin1').decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x53: stack.push(line().replace(/^(['"])(.*)\1$/, '$2')); break; // STRING
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
      case 0x96: stack.push(take(u64()).slice()); break; // BYTEARRAY8
      // Containers
      case 0x29: stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x74: stack.push(new PyTuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const v = pop(); appendTo(top(), [v]); break; } // APPEND
      case 0x65: { const vs = popMark(); appendTo(top(), vs); break; } // APPENDS
      case 0x7d: stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { const d = new PyDict(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems(top(), kv); break; } // SETITEMS
      case 0x8f: stack.push([]); break; // EMPTY_SET
      case 0x90: { const vs = popMark(); appendTo(top(), vs); break; } // ADDITEMS
      case 0x91: stack.push(popMark()); break; // FROZENSET
      // Memo
      case 0x70: memo.set(Number(line()), top()); break; // PUT
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x67: case 0x68: case 0x6a: { // GET, BINGET, LONG_BINGET
        const i = op === 0x67 ? Number(line()) : op === 0x68 ? u8() : u32();
        if (!memo.has(i)) throw new TensorFileError(`${what}: corrupt pickle: memo entry ${i} read before it was written (byte ${at})`);
        stack.push(memo.get(i) as PyValue);
        break;
      }
      // Globals and calls: the allowlist decides before anything is built.
      case 0x63: { // GLOBAL "module\nname\n"
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new TensorFileError(`${what}: STACK_GLOBAL with non-string names at byte ${at}`);
        stack.push(global(module, name));
        break;
      }
      case 0x69: { // INST "module\nname\n": an old-style call of that class
        const module = line();
        const name = line();
        const g = global(module, name);
        stack.push(callAllowed(g, new PyTuple(popMark()), what));
        break;
      }
      case 0x6f: { // OBJ: class and arguments after a MARK; torch's weights-only unpickler has no OBJ either
        const args = popMark();
        throw new UnsafePickleError(args[0] instanceof PyGlobal ? args[0].full : 'OBJ', what, 'the OBJ opcode constructs arbitrary objects');
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(callAllowed(fn, args, what));
        break;
      }
      case 0x81: case 0x92: { // NEWOBJ, NEWOBJ_EX: cls.__new__(cls, *args)
        if (op === 0x92) pop(); // kwargs
        const args = pop();
        const cls = pop();
        stack.push(callAllowed(cls, args, what));
        break;
      }
      case 0x62: { // BUILD: state for the object below; kept only as attributes of dicts, ignored for tensors
        const state = pop();
        const obj = top();
        void state; // any global in it already passed the allowlist; nothing reads the state
        if (!(obj instanceof PyDict || obj instanceof TorchTensor || obj instanceof PyOpaque)) throw new TensorFileError(`${what}: BUILD on ${describe(obj)} at byte ${at}`);
        break;
      }
      case 0x50: case 0x51: { // PERSID, BINPERSID
        const pid = op === 0x50 ? line() : pop();
        if (!options.persistentLoad) throw new TensorFileError(`${what}: a persistent id (storage reference) outside a torch checkpoint`);
        stack.push(options.persistentLoad(pid));
        break;
      }
      case 0x82: case 0x83: case 0x84: // EXT1, EXT2, EXT4: the copyreg extension registry
        throw new UnsafePickleError(`extension code ${op === 0x82 ? u8() : op === 0x83 ? u16() : i32()}`, what, 'copyreg extension codes name arbitrary globals');
      case 0x97: case 0x98: // NEXT_BUFFER, READONLY_BUFFER
        throw new UnsafePickleError('out-of-band buffer', what, 'pickle protocol 5 buffers come from outside the file');
      default:
        throw new TensorFileError(`${what}: unknown pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at}`);
    }
  }
}

/** A torch storage class or dtype from a persistent id's storage_type → the dtype name. */
export function storageDtype(v: PyValue, what: string): TorchDtype {
  if (v instanceof TorchDtypeValue) return v.dtype;
  if (v instanceof PyGlobal && v.module === 'torch') {
    const d = STORAGE_DTYPES[v.name];
    if (d) return d;
  }
  throw new TensorFileError(`${what}: storage type ${describe(v)} is not a torch storage class`);
}

/** torch's persistent_load for the zip and legacy formats: ('storage', type, key, location, numel, …). */
export function torchPersistentLoad(what: string, storages: Map<string, TorchStorage>): (pid: PyValue) => PyValue {
  return (pid) => {
    const t = items(pid, `${what}: persistent id`);
    if (t[0] !== 'storage') throw new TensorFileError(`${what}: persistent id ${describe(t[0] as PyValue)} is not a storage reference`);
    const key = String(t[2]);
    const existing = storages.get(key);
    if (existing) return existing;
    const s = new TorchStorage(key, storageDtype(t[1] as PyValue, what), asNumber(t[4] as PyValue, `${what}: storage ${key} size`));
    storages.set(key, s);
    return s;
  };
}

export { items as tupleItems, asNumber };
