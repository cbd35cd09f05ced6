// What commands and providers share: created once in activate().
import type * as vscode from 'vscode';
import type { MathService } from '../node/mathService';
import type { TensorService } from '../node/tensorService';
import type { AttentionViewProvider } from './views/attentionView';
import type { CalculatorViewProvider } from './views/calculatorView';
import type { FormulaViewProvider } from './views/formulaView';
import type { ReferenceViewProvider } from './views/referenceView';
import type { TensorViewProvider } from './views/tensorView';
import type { SubjectPanel } from './webview/subjectPanel';
import type { WorksheetController } from './worksheets/worksheetController';

export interface ExtensionContext {
  readonly vscode: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The evaluation worker, started on first use. */
  math(): MathService;
  /** Values the user typed for free variables this session, by name. */
  readonly sessionValues: Map<string, string>;
  readonly referenceView: ReferenceViewProvider;
  readonly formulaView: FormulaViewProvider;
  readonly calculatorView: CalculatorViewProvider;
  readonly attentionView: AttentionViewProvider;
  readonly tensorView: TensorViewProvider;
  /** Editor-area panels, one per subject (commands open these; the side-bar views stay small). */
  readonly calculatorPanel: SubjectPanel;
  readonly attentionPanel: SubjectPanel;
  readonly tensorPanel: SubjectPanel;
  /** The tensor worker, started on first use. */
  tensors(): TensorService;
  readonly worksheets: WorksheetController;
}
