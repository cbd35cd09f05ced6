// Typed access to the webview's host API: messages use the shared protocol, state survives hiding.
import { isHostMessage, type HostMessage, type ViewId, type WebviewMessage } from '../../shared/protocol';

interface VsCodeApi<State> {
  postMessage(message: WebviewMessage): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface HostConnection<State> {
  post(message: WebviewMessage): void;
  /**
   * Says 'ready', and says it again until the host's init arrives: a message posted to a webview
   * that is being shown, moved or reloaded can be lost, and a view stuck on "Loading…" is worse
   * than a repeated handshake. Later copies of init are dropped.
   */
  announce(view: ViewId): void;
  state(): State | undefined;
  saveState(state: State): void;
}

/** Connects once; host messages that fail validation are reported back and otherwise ignored. */
export function connect<State>(onMessage: (message: HostMessage) => void): HostConnection<State> {
  // The shell's boot script acquired the API already (html.ts); acquiring it twice throws.
  const api = (window as unknown as { __modelmathApi?: VsCodeApi<State> }).__modelmathApi ?? acquireVsCodeApi<State>();
  let initialised = false;
  let retry: number | undefined;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) {
      if (event.data.type === 'init') {
        if (initialised) return;
        initialised = true;
        window.clearTimeout(retry);
        console.info(`[modelmath:${event.data.view}] init received at page +${Math.round(performance.now())} ms`);
      }
      onMessage(event.data);
    } else api.postMessage({ type: 'error', message: `Ignored a host message that does not match the protocol` });
  });
  window.addEventListener('error', (event) => api.postMessage({ type: 'error', message: String(event.message).slice(0, 1000) }));
  return {
    post: (m) => api.postMessage(m),
    announce: (view) => {
      let delay = 1000;
      let attempt = 0;
      const say = (): void => {
        if (initialised) return;
        attempt++;
        const pageMs = Math.round(performance.now());
        // Console lines reach the test harness (Playwright records every frame's console).
        console.info(`[modelmath:${view}] ready #${attempt} posted at page +${pageMs} ms`);
        api.postMessage({ type: 'ready', view, attempt, pageMs });
        retry = window.setTimeout(say, delay);
        delay = Math.min(delay * 2, 8000);
      };
      say();
    },
    state: () => api.getState(),
    saveState: (s) => api.setState(s),
  };
}

/** Reads a VS Code theme colour so canvases (which cannot use CSS variables) follow the theme. */
export function themeColor(variable: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(variable).trim();
  return value || fallback;
}

/** A tiny element builder: text content only, never HTML strings. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
