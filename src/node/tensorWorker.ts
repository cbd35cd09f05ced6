// Tensor worker (dist/tensorWorker.js): parses text tensors and streams tensor files off the
// calling thread, reporting progress; a 'cancel' stops an analysis between chunks.
import { parentPort } from 'node:worker_threads';
import { analyzeText } from '../core/tensor/analyzeText';
import { TensorFileError } from '../core/tensor/files/byteSource';
import { UnsafePickleError } from '../core/tensor/files/pickle';
import { canAnalyze, CancelledError } from '../core/tensor/files/stream';
import { summarizeTable } from '../core/tensor/files/inspect';
import { TensorParseError } from '../core/tensor/text/parseText';
import type { TableSummary, TensorRequest, TensorResponse } from './tensorProtocol';
import { OpenTensorFile } from './tensorFiles';
import { readDocumentSlice } from './documentFileText';

const cancelled = new Set<number>();
const streams = new Map<number, string[]>();
const post = (r: TensorResponse) => parentPort?.postMessage(r);

const summary = (f: OpenTensorFile): TableSummary => summarizeTable(f.table);

function failure(id: number, err: unknown): TensorResponse {
  const badInput = err instanceof TensorParseError || err instanceof TensorFileError || (err as NodeJS.ErrnoException)?.code === 'ENOENT';
  return { id, type: 'error', message: err instanceof Error ? err.message : String(err), badInput, ...(err instanceof UnsafePickleError ? { security: true } : {}) };
}

async function handle(req: TensorRequest): Promise<void> {
  switch (req.op) {
    case 'cancel':
      cancelled.add(req.target);
      return;
    case 'text':
      try {
        post({ id: req.id, type: 'text', report: analyzeText(req.text, { format: req.format, thresholds: req.thresholds, limits: { maxElements: req.maxElements } }) });
      } catch (err) {
        post(failure(req.id, err));
      }
      return;
    case 'textFile':
      try {
        const text = await readDocumentSlice(req.path, req.slice);
        post(text === undefined ? { id: req.id, type: 'stale' } : { id: req.id, type: 'text', report: analyzeText(text, { format: req.format, thresholds: req.thresholds, limits: { maxElements: req.maxElements } }) });
      } catch (err) {
        // The file went away or cannot be read: the document's own text still can be sent.
        post((err as NodeJS.ErrnoException)?.code ? { id: req.id, type: 'stale' } : failure(req.id, err));
      }
      return;
    case 'textChunk': {
      const parts = streams.get(req.stream) ?? [];
      parts.push(req.text);
      streams.set(req.stream, parts);
      return;
    }
    case 'textEnd': {
      const text = (streams.get(req.stream) ?? []).join('');
      streams.delete(req.stream);
      try {
        post({ id: req.id, type: 'text', report: analyzeText(text, { format: req.format, thresholds: req.thresholds, limits: { maxElements: req.maxElements } }) });
      } catch (err) {
        post(failure(req.id, err));
      }
      return;
    }
    case 'open': {
      try {
        const f = await OpenTensorFile.open(req.path);
        post({ id: req.id, type: 'table', table: summary(f) });
        await f.close();
      } catch (err) {
        post(failure(req.id, err));
      }
      return;
    }
    case 'analyze': {
      let f: OpenTensorFile | undefined;
      try {
        f = await OpenTensorFile.open(req.path, { analyzing: true });
        const entries = req.names ? f.table.entries.filter((e) => req.names?.includes(e.name)) : f.table.entries;
        const total = entries.reduce((a, e) => a + e.byteLength, 0);
        let base = 0;
        let last = 0;
        for (const e of entries) {
          if (!canAnalyze(e)) {
            base += e.byteLength; // sizes only: no dequantizer for this GGUF type yet
            continue;
          }
          const report = await f.analyze(e, {
            cancelled: () => cancelled.has(req.id),
            onProgress: (bytes) => {
              const now = Date.now();
              if (now - last > 100) {
                last = now;
                post({ id: req.id, type: 'progress', done: base + bytes, total, tensor: e.name });
              }
            },
            thresholds: req.thresholds,
          });
          base += e.byteLength;
          post({ id: req.id, type: 'report', report });
        }
        post({ id: req.id, type: 'done', cancelled: false });
      } catch (err) {
        if (err instanceof CancelledError) post({ id: req.id, type: 'done', cancelled: true });
        else post(failure(req.id, err));
      } finally {
        cancelled.delete(req.id);
        await f?.close();
      }
    }
  }
}

parentPort?.on('message', (req: TensorRequest) => void handle(req));
