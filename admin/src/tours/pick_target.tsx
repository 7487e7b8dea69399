/** "Pick in app" beside a step's target: a picker session in the host app, polled until the author picks. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { PickerSession, PickerStatus } from '../types';
import { Notice } from '../ui/feedback';
import { InAppLauncher } from './in_app';

const POLL_MS = 1000;

interface Props {
  appId: number;
  stepNumber: number;
  /** What is numbered: "step" (a tour's), or "hotspot". */
  what?: string;
  path: string;
  defaultUrl: string;
  onPicked: (selector: string) => void;
}

export function PickTarget({ appId, stepNumber, what = 'step', path, defaultUrl, onPicked }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setInterval>>();
  const picked = useRef(onPicked);
  picked.current = onPicked;
  const stop = () => clearInterval(timer.current);
  useEffect(() => stop, []);

  function watch(id: string) {
    stop();
    let busy = false;
    timer.current = setInterval(async () => {
      if (busy) return;
      busy = true;
      const session = await api.get<PickerStatus>(`/apps/${appId}/picker-sessions/${id}`).catch(() => null);
      busy = false;
      if (session?.status === 'picked' && session.selector) {
        stop();
        picked.current(session.selector);
        setStatus(`${what[0].toUpperCase()}${what.slice(1)} ${stepNumber} target set to ${session.selector}.`);
      } else if (session?.status === 'expired') {
        stop();
        setStatus('The pick expired after 10 minutes; start again.');
      }
    }, POLL_MS);
  }

  async function start(pageUrl: string): Promise<string> {
    const session = await api.post<PickerSession>(`/apps/${appId}/picker-sessions`, { mode: 'pick', page_url: pageUrl });
    setStatus(`Waiting for your pick in the other tab (${what} ${stepNumber})…`);
    watch(session.id);
    return session.url;
  }

  return (
    <InAppLauncher label="Pick in app" name={`Pick in app for ${what} ${stepNumber}`} path={path} defaultUrl={defaultUrl} start={start}>
      <Notice text={status} />
    </InAppLauncher>
  );
}
