/** The shell: routes, the logged-in check, the header with the app picker, and the navigation. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { BASE, getToken, logoutOnServer } from './api';
import { AnalyticsPage } from './analytics/page';
import { SelfServicePage } from './analytics/self_service';
import { AppSettingsPage } from './apps/settings';
import { AppsPage } from './apps/list';
import { TeamPage, TeamTokensPage } from './apps/team';
import { AccountPage } from './auth/account';
import { LoginPage } from './auth/login';
import { ArticleEditor } from './kb/article';
import { KbPage } from './kb/page';
import { SessionContext, sessionFor, useSession } from './session';
import { BannerEditor } from './banners/editor';
import { BannersPage } from './banners/list';
import { ChecklistEditor } from './checklists/editor';
import { ChecklistsPage } from './checklists/list';
import { ChecklistResultsPage } from './checklists/results';
import { HotspotEditor } from './hotspots/editor';
import { HotspotsPage } from './hotspots/list';
import { SurveyEditor } from './surveys/editor';
import { SurveysPage } from './surveys/list';
import { SurveyResultsPage } from './surveys/results';
import { TourEditor } from './tours/editor';
import { ToursPage } from './tours/list';
import type { AppRecord, Me } from './types';
import { ErrorAlert, Loading } from './ui/feedback';
import { useResource } from './ui/use_resource';
import { InboxPage } from './users/inbox';
import { UsersPage } from './users/page';

export function App() {
  return (
    <Router base={BASE}>
      <Switch>
        <Route path="/login" component={LoginPage} />
        <Route>
          <Authenticated />
        </Route>
      </Switch>
    </Router>
  );
}

function Authenticated() {
  const [, navigate] = useLocation();
  const token = getToken();
  const me = useResource<Me>(token ? '/me' : null);
  useEffect(() => {
    if (!token) navigate('/login', { replace: true });
  }, [token]);
  if (!token) return null;
  if (me.error) return <ErrorAlert error={me.error} />;
  if (!me.data) return <Loading what="Signing in" />;
  const logout = () => {
    logoutOnServer();
    navigate('/login');
  };
  return (
    <SessionContext.Provider value={sessionFor(me.data, logout)}>
      <Shell />
    </SessionContext.Provider>
  );
}

const SECTIONS: [string, string][] = [
  ['tours', 'Tours'],
  ['banners', 'Banners'],
  ['surveys', 'Surveys'],
  ['checklists', 'Checklists'],
  ['hotspots', 'Hotspots'],
  ['kb', 'Knowledge base'],
  ['analytics', 'Analytics'],
  ['self-service', 'Self-service'],
  ['users', 'Users'],
  ['inbox', 'Support inbox'],
  ['settings', 'App settings'],
];

function Shell() {
  const { me, isOwner, logout } = useSession();
  const [location, navigate] = useLocation();
  const apps = useResource<AppRecord[]>('/apps');
  const [, appId, section] = location.match(/^\/apps\/(\d+)(?:\/([^/]+))?/) || [];

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">Waypost</span>
        {apps.data && apps.data.length > 0 && (
          <div class="app-picker">
            <label for="app-picker">App</label>
            <select
              id="app-picker"
              value={appId || ''}
              onChange={(e) => navigate(`/apps/${e.currentTarget.value}/${section || 'tours'}`)}
            >
              {!appId && <option value="">Choose an app…</option>}
              {apps.data.map((app) => (
                <option value={String(app.id)} key={app.id}>
                  {app.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <span class="whoami">
          {me.email} <span class={`role role-${me.role}`}>{me.role}</span>
        </span>
        <button type="button" class="secondary" onClick={logout}>
          Log out
        </button>
      </header>
      <nav class="mainnav" aria-label="Main">
        <ul>
          <NavLink href="/apps" current={location === '/apps'}>
            Apps
          </NavLink>
          {appId &&
            SECTIONS.map(([key, label]) => (
              <NavLink href={`/apps/${appId}/${key}`} current={section === key} key={key}>
                {label}
              </NavLink>
            ))}
          {isOwner && (
            <NavLink href="/team" current={location === '/team'}>
              Team
            </NavLink>
          )}
          <NavLink href="/account" current={location === '/account'}>
            Your account
          </NavLink>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <ErrorAlert error={apps.error} />
        <Routes />
      </main>
    </div>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: ComponentChildren }) {
  return (
    <li>
      <Link href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </Link>
    </li>
  );
}

/** Where a session starts: the one app's tours when there is only one, else the list of apps. */
function Home() {
  const apps = useResource<AppRecord[]>('/apps');
  if (apps.loading) return <Loading />;
  const only = apps.data?.length === 1 ? apps.data[0] : null;
  return <Redirect to={only ? `/apps/${only.id}/tours` : '/apps'} replace />;
}

function Routes() {
  return (
    <Switch>
      <Route path="/" component={Home} />
      <Route path="/apps" component={AppsPage} />
      <Route path="/team" component={TeamPage} />
      <Route path="/team/:userId/tokens">{(p) => <TeamTokensPage userId={Number(p.userId)} />}</Route>
      <Route path="/account" component={AccountPage} />
      <Route path="/apps/:appId">{(p) => <Redirect to={`/apps/${p.appId}/tours`} replace />}</Route>
      <Route path="/apps/:appId/settings">{(p) => <AppSettingsPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/tours">{(p) => <ToursPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/tours/new">{(p) => <TourEditor appId={Number(p.appId)} slug={null} />}</Route>
      <Route path="/apps/:appId/tours/:slug">
        {(p) => <TourEditor appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/banners">{(p) => <BannersPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/banners/new">{(p) => <BannerEditor appId={Number(p.appId)} slug={null} />}</Route>
      <Route path="/apps/:appId/banners/:slug">
        {(p) => <BannerEditor appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/surveys">{(p) => <SurveysPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/surveys/new">{(p) => <SurveyEditor appId={Number(p.appId)} slug={null} />}</Route>
      <Route path="/apps/:appId/surveys/:slug/results">
        {(p) => <SurveyResultsPage appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/surveys/:slug">
        {(p) => <SurveyEditor appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/checklists">{(p) => <ChecklistsPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/checklists/new">{(p) => <ChecklistEditor appId={Number(p.appId)} slug={null} />}</Route>
      <Route path="/apps/:appId/checklists/:slug/results">
        {(p) => <ChecklistResultsPage appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/checklists/:slug">
        {(p) => <ChecklistEditor appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/hotspots">{(p) => <HotspotsPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/hotspots/new">{(p) => <HotspotEditor appId={Number(p.appId)} slug={null} />}</Route>
      <Route path="/apps/:appId/hotspots/:slug/results">
        {(p) => <ChecklistResultsPage appId={Number(p.appId)} slug={p.slug} kind="hotspot" key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/hotspots/:slug">
        {(p) => <HotspotEditor appId={Number(p.appId)} slug={p.slug} key={p.slug} />}
      </Route>
      <Route path="/apps/:appId/kb">{(p) => <KbPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/kb/new">{(p) => <ArticleEditor appId={Number(p.appId)} articleId={null} />}</Route>
      <Route path="/apps/:appId/kb/articles/:articleId">
        {(p) => <ArticleEditor appId={Number(p.appId)} articleId={Number(p.articleId)} key={p.articleId} />}
      </Route>
      <Route path="/apps/:appId/analytics">{(p) => <AnalyticsPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/self-service">{(p) => <SelfServicePage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/users">{(p) => <UsersPage appId={Number(p.appId)} />}</Route>
      <Route path="/apps/:appId/inbox">{(p) => <InboxPage appId={Number(p.appId)} />}</Route>
      <Route>
        <h1>Page not found</h1>
        <p>
          <Link href="/apps">Back to the apps</Link>
        </p>
      </Route>
    </Switch>
  );
}
