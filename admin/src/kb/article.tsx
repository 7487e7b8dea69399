/** Writing one article in one locale: text, category, the pages it helps on; publish or delete. */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { api } from '../api';
import { useSession } from '../session';
import type { Article, Category, SupportRequest, UrlRule } from '../types';
import { ConfirmButton } from '../ui/confirm';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { MarkdownPreview } from '../ui/markdown_preview';
import { MediaLibrary } from './media';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

interface ArticleDraft {
  slug: string;
  locale: string;
  title: string;
  body: string;
  faq_answer: string;
  category: string;
  priority: string;
  pages: { kind: 'url' | 'regex'; pattern: string }[];
  review_by: string;
}

const EMPTY: ArticleDraft = { slug: '', locale: 'en', title: '', body: '', faq_answer: '', category: '', priority: '0', pages: [], review_by: '' };

const draftOf = (a: Article): ArticleDraft => ({
  slug: a.slug,
  locale: a.locale,
  title: a.title,
  body: a.body,
  faq_answer: a.faq_answer || '',
  category: a.category || '',
  priority: String(a.priority),
  pages: a.pages.map((rule: UrlRule) => (rule.regex !== undefined ? { kind: 'regex', pattern: rule.regex } : { kind: 'url', pattern: rule.url || '' })),
  review_by: a.review_by || '',
});

const bodyOf = (d: ArticleDraft) => ({
  slug: d.slug.trim(),
  locale: d.locale.trim(),
  title: d.title.trim(),
  body: d.body,
  faq_answer: d.faq_answer.trim() || null,
  category: d.category || null,
  priority: Number(d.priority) || 0,
  pages: d.pages.map((p) => ({ [p.kind]: p.pattern })),
  review_by: d.review_by || null,
});

/** The content gap (from the gap inbox on the Self-service screen) a new article is written for. */
interface Gap {
  query: string;
  language: string;
  page: string;
}

const gapOf = (params: URLSearchParams): Gap | null => {
  const query = params.get('gap_query');
  return query ? { query, language: params.get('gap_language') || 'unknown', page: params.get('gap_page') || '' } : null;
};

const slugOf = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);

const draftForGap = (gap: Gap): ArticleDraft => ({
  ...EMPTY,
  slug: slugOf(gap.query),
  locale: gap.language === 'unknown' ? EMPTY.locale : gap.language,
  title: gap.query,
  pages: gap.page ? [{ kind: 'url', pattern: gap.page }] : [],
});

/** A draft from a support request: its question as the title, its message quoted in the body to answer. */
const draftForRequest = (r: SupportRequest): ArticleDraft => {
  const title = r.message.split('\n')[0].trim().slice(0, 120);
  return {
    ...EMPTY,
    slug: slugOf(title),
    title,
    body: `${r.message
      .trim()
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n')}\n\nThe answer, step by step.\n`,
    pages: r.context.page ? [{ kind: 'url', pattern: r.context.page.split('?')[0] }] : [],
  };
};

export function ArticleEditor({ appId, articleId }: { appId: number; articleId: number | null }) {
  const { canWrite } = useSession();
  const [, navigate] = useLocation();
  const base = `/apps/${appId}/kb`;
  const params = useSearchParams();
  const translateFrom = params.get('translate');
  const gap = articleId ? null : gapOf(params);
  const fromRequest = articleId ? null : Number(params.get('from_request')) || null;
  const request = useResource<SupportRequest>(fromRequest ? `/apps/${appId}/support-requests/${fromRequest}` : null);
  const article = useResource<Article>(articleId ? `${base}/articles/${articleId}` : translateFrom ? `${base}/articles/${translateFrom}` : null);
  const categories = useResource<Category[]>(`${base}/categories`);
  const [draft, setDraft] = useState<ArticleDraft | null>(articleId || translateFrom ? null : gap ? draftForGap(gap) : EMPTY);
  const action = useAction();
  usePageTitle(articleId ? `Article ${draft?.title || ''}` : 'New article');

  useEffect(() => {
    if (request.data) setDraft(draftForRequest(request.data));
  }, [request.data]);

  useEffect(() => {
    if (!article.data) return;
    const loaded = draftOf(article.data);
    setDraft(articleId ? loaded : { ...EMPTY, slug: loaded.slug, category: loaded.category, pages: loaded.pages, locale: '' });
  }, [article.data]);

  const set = (patch: Partial<ArticleDraft>) => setDraft({ ...draft!, ...patch });
  const setRule = (index: number, patch: object) => set({ pages: draft!.pages.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  async function save(e: Event) {
    e.preventDefault();
    const saved = await action.run(
      () =>
        articleId
          ? api.patch<Article>(`${base}/articles/${articleId}`, bodyOf(draft!))
          : api.post<Article>(`${base}/articles`, { ...bodyOf(draft!), ...(gap && { gap }), ...(fromRequest && { support_request_id: fromRequest }) }),
      'Article saved.',
    );
    if (saved && !articleId) navigate(`${base}/articles/${saved.id}`, { replace: true });
    else if (saved) article.setData(saved);
  }

  async function setStatus(to: 'publish' | 'unpublish') {
    const saved = await action.run(() => api.post<Article>(`${base}/articles/${articleId}/${to}`), to === 'publish' ? 'Published.' : 'Back to draft.');
    if (saved) article.setData(saved);
  }

  async function remove() {
    const deleted = await action.run(async () => {
      await api.del(`${base}/articles/${articleId}`);
      return true;
    });
    if (deleted) navigate(base);
  }

  if (article.error) return <ErrorAlert error={article.error} />;
  if (!articleId && !canWrite) return <p role="alert">Your role cannot write articles.</p>;
  if (!draft) return <Loading />;
  const current = articleId ? article.data : undefined;
  const categoryOptions: [string, string][] = [['', 'None'], ...(categories.data || []).map((c): [string, string] => [c.slug, c.name])];
  return (
    <section>
      <p class="breadcrumb">
        <Link href={base}>Knowledge base</Link>
      </p>
      <h1>{current ? current.title : 'New article'}</h1>
      {fromRequest && (
        <p class="status-line" data-from-request>
          Drafted from support request #{fromRequest}: saving it links the two.
        </p>
      )}
      <ErrorAlert error={request.error} />
      {gap && (
        <p class="status-line" data-gap>
          Written for the search “<bdi>{gap.query}</bdi>” ({gap.language}
          {gap.page && <>, on {gap.page}</>}): saving it marks that gap answered.
        </p>
      )}
      {current && (
        <p class="status-line">
          <span class={`badge${current.status === 'published' ? ' badge-live' : ''}`}>{current.status}</span>{' '}
          {current.translations.length > 0 && `Also in: ${current.translations.join(', ')}. `}
          {canWrite && <Link href={`${base}/new?translate=${current.id}`}>Translate into another locale</Link>}
        </p>
      )}
      <form onSubmit={save} noValidate aria-label="Article">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <div class="card">
            <div class="grid-3">
              <TextField label="Slug" path="slug" value={draft.slug} onValue={(slug) => set({ slug })} required />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} required />
              <SelectField label="Category" path="category" value={draft.category} onValue={(category) => set({ category })} options={categoryOptions} />
            </div>
            <TextField label="Title" path="title" value={draft.title} onValue={(title) => set({ title })} required />
            <TextField label="Body (Markdown)" path="body" multiline rows={12} value={draft.body} onValue={(body) => set({ body })} />
            <MediaLibrary appId={appId} canWrite={canWrite} onInsert={(embed) => set({ body: `${draft.body.trimEnd()}\n\n${embed}\n` })} />
            <MarkdownPreview appId={appId} markdown={draft.body} kind="article" label="article body" />
            <TextField
              label="Short answer"
              path="faq_answer"
              value={draft.faq_answer}
              onValue={(faq_answer) => set({ faq_answer })}
              hint="Shown in the help panel before the article is opened."
            />
            <TextField label="Priority" path="priority" type="number" value={draft.priority} onValue={(priority) => set({ priority })} hint="Higher comes first on a page." />
            <TextField
              label="Review by"
              path="review_by"
              type="date"
              value={draft.review_by}
              onValue={(review_by) => set({ review_by })}
              hint="The knowledge base flags the article once this day has passed."
            />
          </div>
          <fieldset class="card">
            <legend>Pages it helps on</legend>
            <GroupErrors path="pages" />
            {draft.pages.length === 0 && <p>None: found by search only.</p>}
            {draft.pages.map((rule, index) => (
              <div class="grid-3 page-rule" key={index}>
                <SelectField
                  label={`Rule ${index + 1} kind`}
                  path={`pages.${index}.kind`}
                  value={rule.kind}
                  onValue={(kind) => setRule(index, { kind })}
                  options={[['url', 'Path glob'], ['regex', 'Path regex']]}
                />
                <TextField label={`Rule ${index + 1} pattern`} path={`pages.${index}.${rule.kind}`} value={rule.pattern} onValue={(pattern) => setRule(index, { pattern })} />
                <GroupErrors path={`pages.${index}`} />
                {canWrite && (
                  <button type="button" class="danger" onClick={() => set({ pages: draft.pages.filter((_, i) => i !== index) })}>
                    Remove rule {index + 1}
                  </button>
                )}
              </div>
            ))}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => set({ pages: [...draft.pages, { kind: 'url', pattern: '/' }] })}>
                Add a page rule
              </button>
            )}
          </fieldset>
        </FormScope>
        {canWrite && (
          <div class="actions">
            <button type="submit" disabled={action.busy}>
              Save article
            </button>
            {current && current.status !== 'published' && (
              <button type="button" disabled={action.busy} onClick={() => setStatus('publish')}>
                Publish
              </button>
            )}
            {current && current.status === 'published' && (
              <button type="button" class="secondary" disabled={action.busy} onClick={() => setStatus('unpublish')}>
                Unpublish
              </button>
            )}
            {current && (
              <ConfirmButton
                label="Delete article"
                question="Delete this article and its feedback? This can't be undone."
                confirmLabel="Delete it"
                disabled={action.busy}
                onConfirm={remove}
              />
            )}
          </div>
        )}
        <Notice text={action.notice} />
      </form>
    </section>
  );
}
