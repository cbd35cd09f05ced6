// What each side does with an incoming message: validate it against the protocol, and drop and
// log anything else (a compromised or buggy webview cannot make the host act on junk).
import { isWebviewMessage, type WebviewMessage } from './protocol';

export function receiveWebviewMessage(raw: unknown, warn: (message: string) => void): WebviewMessage | undefined {
  if (isWebviewMessage(raw)) return raw;
  warn(`Dropped a webview message that does not match the protocol: ${preview(raw)}`);
  return undefined;
}

export function preview(x: unknown): string {
  try {
    return (JSON.stringify(x) ?? String(x)).slice(0, 200);
  } catch {
    return String(x).slice(0, 200);
  }
}
