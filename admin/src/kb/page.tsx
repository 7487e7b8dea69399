/** The knowledge base: categories, and every article in every locale. */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api } from '../api';
import { useSession } from '../session';
import type { Article, Category } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

export function KbPage({ appId }: { appId: number }) {
  usePageTitle('Knowledge base');
  const { canWrite } = useSession();
  const [locale, setLocale] = useState('');
  const articles = useResource<Article[]>(`/apps/${appId}/kb/articles`);
  const shown = (articles.data || []).filter((a) => !locale || a.locale === locale);
  const locales = [...new Set((articles.data || []).map((a) => a.locale))].sort();

  return (
    <section>
      <div class="page-head">
        <h1>Knowledge base</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/kb/new`} class="button">
            New article
          </Link>
        )}
      </div>
      <ErrorAlert error={articles.error} />
      <div class="filters">
        <label for="kb-locale">Locale</label>
        <select id="kb-locale" value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
          <option value="">All locales</option>
          {locales.map((l) => (
            <option value={l} key={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {articles.loading && <Loading />}
      {articles.data && shown.length === 0 && <p>No articles.</p>}
      {shown.length > 0 && (
        <table>
          <caption class="visually-hidden">Articles</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Slug</th>
              <th scope="col">Locale</th>
              <th scope="col">Status</th>
              <th scope="col">Category</th>
              <th scope="col">Other locales</th>
              <th scope="col">Last change</th>
              <th scope="col">Freshness</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link href={`/apps/${appId}/kb/articles/${a.id}`}>{a.title}</Link>
                </th>
                <td>
                  <code>{a.slug}</code>
                </td>
                <td>{a.locale}</td>
                <td>{a.status}</td>
                <td>{a.category || '—'}</td>
                <td>{a.translations.join(', ') || '—'}</td>
                <td>{when(a.updated_at)}</td>
                <td>
                  {a.freshness.review_overdue && <span class="badge badge-warn">Review overdue</span>}{' '}
                  {a.freshness.behind_source && <span class="badge badge-warn">Older than {a.freshness.source_locale}</span>}
                  {!a.freshness.review_overdue && !a.freshness.behind_source && '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Categories appId={appId} canWrite={canWrite} />
    </section>
  );
}

function Categories({ appId, canWrite }: { appId: number; canWrite: boolean }) {
  const base = `/apps/${appId}/kb/categories`;
  const categories = useResource<Category[]>(base);
  const [draft, setDraft] = useState({ slug: '', name: '', position: '0' });
  const action = useAction();

  async function save(e: Event) {
    e.preventDefault();
    const body = { slug: draft.slug.trim(), name: draft.name.trim(), position: Number(draft.position) || 0 };
    if (await action.run(() => api.put(base, body), `Category ${body.slug} saved.`)) {
      setDraft({ slug: '', name: '', position: '0' });
      categories.reload();
    }
  }

  async function remove(slug: string) {
    const deleted = await action.run(async () => {
      await api.del(`${base}/${slug}`);
      return true;
    }, `Category ${slug} deleted.`);
    if (deleted) categories.reload();
  }

  return (
    <section class="card" aria-labelledby="categories-heading">
      <h2 id="categories-heading">Categories</h2>
      <ErrorAlert error={categories.error || action.error} />
      {categories.data && categories.data.length === 0 && <p>No categories.</p>}
      {categories.data && categories.data.length > 0 && (
        <ul class="plain">
          {categories.data.map((c) => (
            <li key={c.slug}>
              <strong>{c.name}</strong> <code>{c.slug}</code> (position {c.position}){' '}
              {canWrite && (
                <>
                  <button type="button" class="secondary" onClick={() => setDraft({ slug: c.slug, name: c.name, position: String(c.position) })}>
                    Edit {c.name}
                  </button>{' '}
                  <button type="button" class="danger" onClick={() => remove(c.slug)}>
                    Delete {c.name}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {categories.loading && <Loading />}
      {canWrite && (
        <form onSubmit={save} noValidate aria-label="Category">
          <FormScope errors={fieldErrorsOf(action.error)}>
            <div class="grid-3">
              <TextField label="Category slug" path="slug" value={draft.slug} onValue={(slug) => setDraft({ ...draft, slug })} required />
              <TextField label="Category name" path="name" value={draft.name} onValue={(name) => setDraft({ ...draft, name })} required />
              <TextField label="Position" path="position" type="number" value={draft.position} onValue={(position) => setDraft({ ...draft, position })} />
            </div>
          </FormScope>
          <button type="submit" disabled={action.busy}>
            Save category
          </button>
        </form>
      )}
      <Notice text={action.notice} />
    </section>
  );
}
