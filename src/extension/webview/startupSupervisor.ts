// The loop that carries out startupRecovery.ts's policy for one page, shared by side-bar views
// (viewProvider.ts) and editor panels (subjectPanel.ts): it remembers what the page said since its
// HTML was last set, checks on it at RECOVERY_DELAYS_MS until it says 'ready', and hands each step
// to the page's owner, which alone knows how to show, reload or re-frame it. No vscode import, so
// the loop is unit-tested with mock timers.
import { nextRecoveryStep, RECOVERY_DELAYS_MS, type RecoveryStep } from './startupRecovery';

export interface SupervisedPage {
  /** Ready, or nothing to watch (a panel that was closed): no check is scheduled. */
  settled(): boolean;
  /** What the owner knows beyond the page's own words. */
  situation(): { resolved: boolean; visible: boolean; asked: boolean };
  /** Carries out a step other than 'wait'; false ends supervision (stop, give up). `label` is "recovery N: ". */
  take(step: Exclude<RecoveryStep, { kind: 'wait' }>, label: string): Promise<boolean>;
}

export class StartupSupervisor {
  /** What the page said since its HTML was last set. */
  private spoke = false;
  private booted = false;
  private scriptFailed = false;
  /** Steps taken since the page was last ready; kept across a new frame so steps advance. */
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A step is running (it may dispose and re-create the page); no other check meanwhile. */
  private recovering = false;

  constructor(private readonly page: SupervisedPage) {}

  /** New HTML, or no page: what it said no longer holds. */
  forgetPage(): void {
    this.spoke = this.booted = this.scriptFailed = false;
  }

  /** The page said 'ready' (its frame and script run, and its handshake repeats by itself). */
  heard(): void {
    this.spoke = true;
  }

  /** The page's boot script ran; a bundle that did not load will not load by waiting, so act now. */
  pageBooted(scriptFailed: boolean): void {
    this.booted = true;
    this.scriptFailed ||= scriptFailed;
    if (scriptFailed && !this.recovering) {
      this.stop();
      void this.recover();
    }
  }

  /** The page is ready: supervision ends and the next request starts the steps over. */
  ready(): void {
    this.attempt = 0;
    this.stop();
  }

  /** A new request to show the page starts the steps over, unless a sequence is under way. */
  restartIfIdle(): void {
    if (this.timer === undefined && !this.recovering) this.attempt = 0;
  }

  /** Schedules the next check unless one is pending or running, or the page is settled. */
  supervise(): void {
    if (this.timer !== undefined || this.recovering || this.page.settled()) return;
    const delay = RECOVERY_DELAYS_MS[Math.min(this.attempt, RECOVERY_DELAYS_MS.length - 1)] ?? 10_000;
    this.timer = setTimeout(() => void this.recover(), delay);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async recover(): Promise<void> {
    this.timer = undefined;
    if (this.page.settled()) return;
    this.recovering = true;
    let goOn = true;
    try {
      const attempt = this.attempt++;
      const step = nextRecoveryStep({ ...this.page.situation(), pageSpoke: this.spoke, booted: this.booted, scriptFailed: this.scriptFailed, attempt });
      if (step.kind !== 'wait') goOn = await this.page.take(step, `recovery ${attempt + 1}: `);
    } finally {
      this.recovering = false;
    }
    if (!goOn) {
      this.attempt = 0;
      return;
    }
    // The new page already reported a bundle that did not load: no need to wait for the next check.
    if (this.scriptFailed) void this.recover();
    else this.supervise();
  }
}
