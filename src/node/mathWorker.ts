// Evaluation worker (dist/mathWorker.js): runs formulas and worksheets off the calling thread, so
// the host can stop a runaway expression by terminating the worker.
import { parentPort } from 'node:worker_threads';
import { getEngine } from '../core/math/engine';
import { toFormulaError, type Scope } from '../core/math/evaluate';
import { evaluateWorksheet } from '../core/math/worksheet';
import { wrongEquations } from '../core/math/documentEquations';
import { evaluateWithLets } from './mathRequests';
import type { MathRequest, MathResponse, MathWorkerReady } from './mathProtocol';

const worksheets = new Map<string, Scope>();
const MAX_WORKSHEETS = 50;

function handle(req: MathRequest): MathResponse {
  try {
    switch (req.op) {
      case 'evaluate': {
        getEngine().limits = req.limits;
        return { id: req.id, ok: true, result: evaluateWithLets(req.text, req.options, req.lets, req.worksheet ? worksheets.get(req.worksheet) : undefined) };
      }
      case 'worksheet': {
        getEngine().limits = req.limits;
        const { lines, scope } = evaluateWorksheet(req.text, req.options);
        worksheets.delete(req.key);
        if (worksheets.size >= MAX_WORKSHEETS) worksheets.delete(worksheets.keys().next().value as string);
        worksheets.set(req.key, scope);
        return { id: req.id, ok: true, result: { lines, names: [...scope.keys()] } };
      }
      case 'document':
        getEngine().limits = req.limits;
        return { id: req.id, ok: true, result: wrongEquations(req.text) };
      case 'forget':
        worksheets.delete(req.key);
        return { id: req.id, ok: true, result: null };
    }
  } catch (err) {
    const e = toFormulaError(err);
    return { id: req.id, ok: false, error: { message: e.message, ...(e.start !== undefined ? { start: e.start, end: e.end } : {}) } };
  }
}

parentPort?.on('message', (req: MathRequest) => parentPort?.postMessage(handle(req)));
// Build the locked-down engine before saying so: the host starts each request's time budget only
// once the worker is ready, so start-up on a busy machine never counts against a formula.
getEngine();
parentPort?.postMessage({ ready: true } satisfies MathWorkerReady);
