/** A tour's published versions, with rollback for those who may write. */
import type { Tour, TourVersion } from '../types';
import { when } from '../ui/format';

interface Props {
  tour: Tour;
  versions: TourVersion[];
  canWrite: boolean;
  busy: boolean;
  onRollback: (version: number) => void;
}

export function VersionsList({ tour, versions, canWrite, busy, onRollback }: Props) {
  return (
    <section class="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {versions.length === 0 && <p>Never published.</p>}
      {versions.length > 0 && (
        <table>
          <caption class="visually-hidden">Published versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">By</th>
              <th scope="col">Steps</th>
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
                {canWrite && (
                  <td>
                    {v.version !== tour.live_version && (
                      <button type="button" class="secondary" disabled={busy} onClick={() => onRollback(v.version)}>
                        Roll back to v{v.version}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
