/** A tour's published versions, what each changed, and rollback for those who may write. */
import { useMemo } from 'preact/hooks';
import type { Tour, TourVersion } from '../types';
import { ConfirmButton } from '../ui/confirm';
import { when } from '../ui/format';
import { changeCount, contentKey, diffTours, hasChanges, type TourChanges } from './changes';
import { ChangesList } from './changes_view';

interface Props {
  tour: Tour;
  versions: TourVersion[];
  canWrite: boolean;
  busy: boolean;
  onRollback: (version: number) => void;
}

export function VersionsList({ tour, versions, canWrite, busy, onRollback }: Props) {
  const changes = useMemo(() => versionChanges(versions), [versions]);
  return (
    <section class="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {versions.length === 0 && <p>Never published.</p>}
      {versions.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Published versions">
          <table>
            <caption class="visually-hidden">Published versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">By</th>
                <th scope="col">Steps</th>
                <th scope="col">What changed</th>
                {canWrite && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {[...versions].reverse().map((v) => (
                <tr key={v.version}>
                  <th scope="row">
                    v{v.version}
                    {v.version === tour.live_version && <span class="badge badge-live">live</span>}
                  </th>
                  <td>{when(v.created_at)}</td>
                  <td>{v.created_by || '—'}</td>
                  <td>{v.spec.steps.length}</td>
                  <td>
                    <VersionChanges version={v} {...changes.get(v.version)!} />
                  </td>
                  {canWrite && (
                    <td>
                      {v.version !== tour.live_version && (
                        <ConfirmButton
                          label={`Roll back to v${v.version}`}
                          question={`v${v.version} becomes what every user sees, at once. The versions stay listed.`}
                          confirmLabel={`Make v${v.version} live`}
                          disabled={busy}
                          onConfirm={() => onRollback(v.version)}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Compared {
  previous: TourVersion | null;
  /** What changed since the previous version (none for the first one). */
  changes: TourChanges | null;
  /** An earlier version with the very same content (what a rollback publishes again). */
  sameAs: number | null;
}

function versionChanges(versions: TourVersion[]): Map<number, Compared> {
  const firstWith = new Map<string, number>();
  const result = new Map<number, Compared>();
  versions.forEach((v, index) => {
    const key = contentKey(v.spec);
    const previous = index > 0 ? versions[index - 1] : null;
    const changes = previous ? diffTours(previous.spec, v.spec) : null;
    result.set(v.version, { previous, changes, sameAs: firstWith.get(key) ?? null });
    if (!firstWith.has(key)) firstWith.set(key, v.version);
  });
  return result;
}

function VersionChanges({ version, previous, changes, sameAs }: Compared & { version: TourVersion }) {
  if (!previous || !changes) return <>First version</>;
  if (!hasChanges(changes)) return <>No changes since v{previous.version}</>;
  const count = changeCount(changes);
  return (
    <details class="version-changes">
      <summary>
        {count} {count === 1 ? 'change' : 'changes'} since v{previous.version}
        {sameAs !== null && ` (same content as v${sameAs})`}
      </summary>
      <ChangesList changes={changes} label={`Changes in v${version.version} since v${previous.version}`} />
    </details>
  );
}
