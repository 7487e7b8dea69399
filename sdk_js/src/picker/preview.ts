/**
 * Preview mode: the editor's unsaved draft, played by the SDK's own tour controller for the author
 * only. Nothing is recorded: no user is set, so the events queue stores nothing, and the progress
 * this controller keeps is cleared again.
 */
import type { Reply } from '../api';
import { clearProgress, markDone } from '../progress';
import { endTour, startTour } from '../tour';
import type { Tour } from '../types';
import { onEscape } from './capture';
import { banner } from './ui';

export async function startPreview(load: () => Promise<Reply>): Promise<void> {
  const bar = banner('Waypost preview');
  let tour: Tour | null = null;
  const forget = () => tour && (clearProgress(tour.id), markDone(tour.id, false));
  const exit = () => {
    offKeys();
    endTour();
    forget();
    bar.el_.remove();
  };
  const offKeys = onEscape(exit);
  bar.show_(['Loading the preview…'], [['Exit preview', exit]]);
  const r = await load().catch(() => null);
  if (!bar.el_.isConnected) return;
  if (r?.status !== 200 || !Array.isArray(r.data?.steps) || !r.data.steps.length) {
    return bar.show_([r?.data?.error?.message || 'The preview could not be loaded.'], [['Close', exit]], true);
  }
  tour = r.data as Tour;
  const play = () => {
    endTour();
    forget();
    startTour(tour!);
  };
  bar.show_(['Preview — not visible to users'], [['Restart', play], ['Exit preview', exit]]);
  play();
}
