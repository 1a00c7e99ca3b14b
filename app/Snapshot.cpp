#include "Snapshot.h"

#include "TeamTrail.h"

#include "ConsoleApp.h"
#include "DatabaseActivityStore.h"
#include "DatabasePage.h"
#include "AlertSilence.h"
#include "FeedHealthModel.h"
#include "DeploymentTableModel.h"
#include "KafkaJson.h"
#include "OverviewPage.h"
#include "LagBackfill.h"
#include "KafkaLagStore.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "PageCatalog.h"
#include "PlaybookBoard.h"
#include "PlaybookSnapshot.h"
#include "PlaybooksPage.h"
#include "WindowSnapshot.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "TimelinePage.h"
#include "TimelineSnapshot.h"
#include "WarRoomWall.h"

#include <QCoreApplication>
#include <QBuffer>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject rowJson(const SagaRow &r)
{
    return {{u"id"_s, r.id.toString(QUuid::WithoutBraces)},
            {u"saga_type"_s, r.type},
            {u"status"_s, r.statusText},
            {u"current_step"_s, r.currentStep},
            {u"attempt"_s, r.attempt},
            {u"last_error"_s, r.lastError},
            {u"created_at"_s, isoUtc(r.createdAt)},
            {u"updated_at"_s, isoUtc(r.updatedAt)}};
}

QJsonObject countsJson(const QMap<QString, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject sagasJson(const ConsoleModels &m)
{
    const SagaSummary &s = m.sagaSummary->summary();
    QJsonArray stuck;
    for (const SagaRow &r : s.stuck)
        stuck.append(rowJson(r));
    QJsonArray rows;
    for (const SagaRow &r : m.sagas->loadedRows(0, SagaTableModel::pageSize - 1))
        rows.append(rowJson(r));
    return {{u"summary_at"_s, isoUtc(s.at)},
            // Live statuses now; finished ones over the window (no aggregate reads the whole table).
            {u"counts_by_status"_s, countsJson(s.byStatus)},
            {u"counts_by_type"_s, countsJson(s.byType)},
            {u"finished_window_minutes"_s, s.finishedWindowMinutes},
            {u"finished_since"_s, isoUtc(QDateTime::fromMSecsSinceEpoch(s.finishedSinceUs / 1000, Qt::UTC))},
            {u"total_estimate"_s, s.totalEstimate >= 0 ? QJsonValue(s.totalEstimate) : QJsonValue()},
            {u"throughput_per_minute"_s,
             QJsonObject{{u"window_minutes"_s, s.windowMinutes},
                         {u"started"_s, s.perMinute(s.startedInWindow)},
                         {u"completed"_s, s.perMinute(s.completedInWindow)},
                         {u"failed_or_compensated"_s, s.perMinute(s.failedInWindow)}}},
            {u"stuck"_s, QJsonObject{{u"after_s"_s, s.stuckAfterS}, {u"total"_s, s.stuckTotal}, {u"rows"_s, stuck}}},
            {u"table"_s,
             QJsonObject{{u"filter"_s, m.sagas->filter().describe()},
                         {u"matching_rows"_s, m.sagas->totalCount()},
                         {u"rows"_s, rows}}}};
}

// A silence as the snapshot carries it: who, until when, why.
QJsonObject silenceJson(const AlertSilence &s)
{
    QJsonObject labels;
    for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    return {
        {u"id"_s, s.id}, {u"instance"_s, s.instance()}, {u"rule"_s, s.rule},           {u"labels"_s, labels},
        {u"by"_s, s.by}, {u"reason"_s, s.reason},       {u"start"_s, isoUtc(s.start)}, {u"until"_s, isoUtc(s.until)}};
}

QJsonArray silencesJson(const ConsoleModels &m)
{
    QJsonArray out;
    if (m.silences)
        for (const AlertSilence &s : m.silences->activeAll())
            out.append(silenceJson(s));
    return out;
}

QJsonObject metricsJson(const ConsoleModels &m)
{
    const MetricsDashboard *d = m.metrics;
    QJsonArray charts;
    for (const QString &id : d->chartIds()) {
        const ChartData *c = d->chart(id);
        QJsonArray series;
        for (const PromSeries &s : c->series) {
            QJsonObject labels;
            for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
                labels.insert(it.key(), it.value());
            QJsonArray points;
            for (const PromPoint &p : s.points)
                points.append(QJsonArray{p.t, p.v});
            series.append(QJsonObject{{u"name"_s, s.displayName()}, {u"labels"_s, labels}, {u"points"_s, points}});
        }
        charts.append(QJsonObject{{u"id"_s, id},
                                  {u"title"_s, c->spec.title},
                                  {u"query"_s, c->spec.query},
                                  {u"start"_s, c->window.start},
                                  {u"end"_s, c->window.end},
                                  {u"step_s"_s, c->window.step},
                                  {u"width_px"_s, c->widthPx},
                                  {u"raw_points"_s, c->rawPoints},
                                  {u"last_success"_s, isoUtc(c->lastSuccess)},
                                  {u"error"_s, c->error},
                                  {u"warnings"_s, QJsonArray::fromStringList(c->warnings)},
                                  {u"series"_s, series}});
    }
    auto number = [](double v) { return std::isnan(v) ? QJsonValue() : QJsonValue(v); };
    QJsonArray alerts;
    auto labelsJson = [](const AlertLabels &labels) {
        QJsonObject o;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    // One entry per rule (its state: the worst instance, Error or No data), with its instances.
    for (const AlertTracker &t : d->alerts()->trackers()) {
        QJsonArray instances;
        for (const AlertInstance &i : t.instances()) {
            // The state is the rule's; a silence only says who has it (null: none applies).
            const auto silence = d->alerts()->silence(t.rule().name, i.labels);
            instances.append(QJsonObject{{u"instance"_s, alertInstanceName(t.rule().name, i.labels)},
                                         {u"labels"_s, labelsJson(i.labels)},
                                         {u"state"_s, alertStateName(i.state)},
                                         {u"since"_s, isoUtc(i.since)},
                                         {u"active_at"_s, isoUtc(i.activeAt)},
                                         {u"value"_s, number(i.value)},
                                         {u"silence"_s, silence ? QJsonValue(silenceJson(*silence)) : QJsonValue()}});
        }
        alerts.append(QJsonObject{{u"name"_s, t.rule().name},
                                  {u"source"_s, u"console"_s},
                                  {u"query"_s, t.rule().query},
                                  {u"condition"_s, t.rule().conditionText()},
                                  {u"state"_s, alertStateName(t.state())},
                                  {u"since"_s, isoUtc(t.since())},
                                  {u"value"_s, number(t.lastValue())},
                                  {u"error"_s, t.lastError()},
                                  {u"detail"_s, t.detail()},
                                  {u"absent_metrics"_s, QJsonArray::fromStringList(t.absentMetrics())},
                                  {u"instances"_s, instances}});
    }
    for (const PromAlert &a : d->alerts()->prometheusAlerts())
        alerts.append(QJsonObject{{u"name"_s, a.name},
                                  {u"source"_s, u"prometheus"_s},
                                  {u"instance"_s, alertInstanceName(a.name, promAlertSeriesLabels(a))},
                                  {u"labels"_s, labelsJson(a.labels)},
                                  {u"state"_s, alertStateName(promAlertState(a.state))},
                                  {u"since"_s, a.activeAt},
                                  {u"value"_s, number(a.value)}});
    QJsonArray transitions;
    for (const AlertTransition &t : d->transitions())
        transitions.append(QJsonObject{{u"rule"_s, t.rule},
                                       {u"instance"_s, t.instance()},
                                       {u"from"_s, alertStateName(t.from)},
                                       {u"to"_s, alertStateName(t.to)},
                                       {u"at"_s, isoUtc(t.at)},
                                       {u"value"_s, number(t.value)},
                                       {u"detail"_s, t.detail}});
    return {{u"range_s"_s, d->rangeS()},         {u"zoomed"_s, d->zoomed()}, {u"auto_refresh_ms"_s, d->autoRefreshMs()},
            {u"rules_error"_s, d->rulesError()}, {u"charts"_s, charts},      {u"alerts"_s, alerts},
            {u"transitions"_s, transitions}};
}

// The Metrics page is ready when every chart has answered once (data or a reason) and the
// alert rules have been evaluated once.
bool metricsReady(const ConsoleModels &m, QString *failure)
{
    const MetricsDashboard *d = m.metrics;
    if (!d->rulesError().isEmpty()) {
        *failure = u"alert rules: "_s + d->rulesError();
        return false;
    }
    for (const QString &id : d->chartIds())
        if (!d->chart(id)->answered)
            return false;
    for (const AlertTracker &t : d->alerts()->trackers())
        if (!t.lastEvaluated().isValid())
            return false;
    return true;
}

// The Database page: running queries (with the threshold's marks) and pg_stat_statements, as read.
QJsonObject statementJson(const SlowStatement &st)
{
    // A queryid is a 64-bit hash: as text, which JSON's doubles cannot mangle.
    return {{u"queryid"_s, QString::number(st.queryId)},
            {u"user"_s, st.user},
            {u"calls"_s, st.calls},
            {u"rows"_s, st.rows},
            {u"mean_ms"_s, st.meanMs},
            {u"total_ms"_s, st.totalMs},
            {u"query"_s, st.query},
            {u"query_chars"_s, st.queryChars}};
}

QJsonObject databaseJson(const DatabaseActivityStore &store)
{
    const DatabaseActivity &a = store.activity();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray running;
    for (const RunningQuery &q : a.running)
        running.append(QJsonObject{{u"pid"_s, q.pid},
                                   {u"user"_s, q.user},
                                   {u"application"_s, q.application},
                                   {u"client"_s, clientText(q.clientAddr)},
                                   {u"state"_s, q.state},
                                   {u"backend_type"_s, q.backendType},
                                   {u"wait_event"_s, q.waitEvent},
                                   {u"running_s"_s, q.runningS},
                                   {u"long_running"_s, isLongRunning(q, store.thresholdS())},
                                   {u"query"_s, q.query},
                                   {u"query_chars"_s, q.queryChars}});
    QJsonArray byMean, byTotal;
    for (const SlowStatement &st : a.byMean)
        byMean.append(statementJson(st));
    for (const SlowStatement &st : a.byTotal)
        byTotal.append(statementJson(st));
    return {{u"database"_s, a.database},
            {u"read_at"_s, isoUtc(a.at)},
            {u"data_age_ms"_s, a.at.isValid() ? a.at.msecsTo(now) : -1},
            {u"error"_s, store.error()},
            {u"long_query_after_s"_s, store.thresholdS()},
            {u"long_running"_s, store.longRunning()},
            {u"running"_s, running},
            {u"statements"_s,
             QJsonObject{{u"available"_s, a.statementsAvailable},
                         {u"problem"_s, a.statementsProblem},
                         {u"by_mean"_s, byMean},
                         {u"by_total"_s, byTotal}}}};
}

// Whether the page's feeds have answered once; `failure` says why they cannot.
QJsonObject servicesJson(const DeploymentTableModel &model)
{
    const KubeContextInfo &c = model.context();
    QJsonArray deployments;
    for (const DeploymentInfo &d : model.rows())
        deployments.append(QJsonObject{{u"name"_s, d.name},
                                       {u"namespace"_s, d.ns},
                                       {u"desired"_s, d.desiredReplicas},
                                       {u"ready"_s, d.readyReplicas},
                                       {u"updated"_s, d.updatedReplicas},
                                       {u"available"_s, d.availableReplicas},
                                       {u"generation"_s, d.generation},
                                       {u"observed_generation"_s, d.observedGeneration},
                                       {u"rolled_out"_s, d.rolledOut()},
                                       {u"restarted_at"_s, isoUtc(d.restartedAt)},
                                       {u"conditions"_s, d.conditions}});
    return {{u"data_at"_s, isoUtc(model.dataAt())},
            {u"context"_s, c.context},
            {u"cluster"_s, c.cluster},
            {u"user"_s, c.user},
            {u"namespace"_s, c.ns},
            {u"server"_s, c.server},
            {u"tls_verified"_s, !c.insecureSkipTlsVerify},
            {u"deployments"_s, deployments}};
}

// The overview reads every feed: ready once each feed the profile configures has answered,
// and those that are Live have delivered their first data (a Down feed is shown as such).
bool overviewReady(const ConsoleModels &m, const Profile *p)
{
    if (!p)
        return true;
    const MetricsDashboard *metrics = m.metrics;
    auto rulesEvaluated = [metrics] {
        const auto &trackers = metrics->alerts()->trackers();
        return !trackers.isEmpty() && std::all_of(trackers.cbegin(), trackers.cend(), [](const AlertTracker &t) {
            return t.lastEvaluated().isValid();
        });
    };
    // Each service-level tile read once: a value, a failure, or no series and which metrics lack.
    auto levelsRead = [metrics] {
        const auto &levels = metrics->levels();
        return std::all_of(levels.cbegin(), levels.cend(), [](const LevelReading &l) {
            return l.at.isValid() && (l.value || !l.error.isEmpty() || l.presenceChecked);
        });
    };
    const struct
    {
        FeedKind kind;
        bool configured;
        bool hasData;
    } feeds[] = {
        {FeedKind::Postgres, p->postgres.enabled(), m.sagaSummary->hasSummary()},
        {FeedKind::Kafka, p->kafka.enabled(), m.kafka->hasData()},
        {FeedKind::Prometheus, p->prometheus.enabled(), rulesEvaluated() && levelsRead()},
        {FeedKind::Kubernetes, p->kubernetes.enabled(), m.deployments->hasData()},
    };
    for (const auto &f : feeds) {
        if (!f.configured)
            continue;
        const FeedState state = m.health->health(f.kind).state;
        if (state == FeedState::Down || state == FeedState::Stale)
            continue;
        if (state != FeedState::Live || !f.hasData)
            return false;
    }
    return true;
}

bool pageReady(const ConsoleModels &m, const PageSpec &page, const Profile *profile, QString *failure)
{
    // The Sagas page shows Postgres data (the orchestrator only serves its actions); pages
    // whose live views are not built yet need nothing.
    const QVector<FeedKind> needed = page.id == u"sagas"_s ? QVector<FeedKind>{FeedKind::Postgres}
        : page.id == u"metrics"_s                          ? QVector<FeedKind>{FeedKind::Prometheus}
        : page.id == u"kafka"_s                            ? QVector<FeedKind>{FeedKind::Kafka}
        : page.id == u"services"_s                         ? QVector<FeedKind>{FeedKind::Kubernetes}
        : page.id == u"timeline"_s                         ? QVector<FeedKind>{FeedKind::Prometheus}
        : page.id == u"playbooks"_s                        ? QVector<FeedKind>{FeedKind::Prometheus}
        : page.id == u"database"_s                         ? QVector<FeedKind>{FeedKind::Postgres}
                                                           : QVector<FeedKind>{};
    for (FeedKind kind : needed) {
        const FeedHealth h = m.health->health(kind);
        if (h.state == FeedState::Down || h.state == FeedState::Disabled) {
            *failure = feedName(kind) + u" is "_s + stateName(h.state)
                + (h.reason.isEmpty() ? QString() : u": "_s + h.reason);
            return false;
        }
        if (h.state != FeedState::Live)
            return false;
    }
    if (page.id == u"sagas"_s) {
        const bool firstPage = m.sagas->countKnown() && (m.sagas->totalCount() == 0 || m.sagas->loadedRowCount() > 0);
        if (!m.sagas->lastError().isEmpty()) {
            *failure = u"saga rows could not be loaded: "_s + m.sagas->lastError();
            return false;
        }
        return m.sagaSummary->hasSummary() && firstPage;
    }
    if (page.id == u"metrics"_s)
        return metricsReady(m, failure);
    if (page.id == u"kafka"_s)
        return m.kafka && m.kafka->hasData(); // Live and the groups of one refresh loaded
    if (page.id == u"services"_s)
        return m.deployments && m.deployments->hasData();
    if (page.id == u"overview"_s)
        return overviewReady(m, profile);
    if (page.id == u"playbooks"_s)
        return m.playbooks && playbooksReady(*m.playbooks, failure);
    if (page.id == u"timeline"_s)
        return m.timeline && timelineReady(*m.timeline, *m.health, profile);
    if (page.id == u"database"_s) {
        if (m.database && !m.database->error().isEmpty()) {
            *failure = u"pg_stat_activity could not be read: "_s + m.database->error();
            return false;
        }
        return m.database && m.database->hasData();
    }
    return true;
}

bool writeBytes(const QString &path, const QByteArray &bytes, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit())
        return true;
    *error = path + u": "_s + f.errorString();
    return false;
}

void printError(const QString &text)
{
    std::fprintf(stderr, "sagadeck snapshot: %s\n", text.toLocal8Bit().constData());
}

} // namespace

// The team trail as the status bar (and the wall) show it: whether it is read, what this
// console has not published yet, and what is in flight by anyone.
QJsonObject teamTrailJson(const TeamTrail &team, const QDateTime &now)
{
    QJsonArray inFlight;
    for (const ConsoleAction &a : team.inFlight(now))
        inFlight.append(QJsonObject{{u"action_id"_s, a.actionId},
                                    {u"verb"_s, a.verb},
                                    {u"target_kind"_s, a.targetKind},
                                    {u"target"_s, a.targetName},
                                    {u"namespace"_s, a.ns},
                                    {u"who"_s, a.osUser},
                                    {u"reason"_s, a.reason},
                                    {u"started_at"_s, isoUtc(a.at)},
                                    {u"age_s"_s, a.at.secsTo(now)},
                                    {u"text"_s, TeamTrail::inFlightText(a, now)}});
    return QJsonObject{{u"read"_s, team.readerLive()},
                       {u"problem"_s, team.readerLive() ? QString() : team.readerProblem()},
                       {u"unpublished"_s, team.publisherWaiting()},
                       {u"publish_problem"_s, team.publisherProblem()},
                       {u"in_flight"_s, inFlight},
                       {u"text"_s, team.healthText()}};
}

QJsonObject snapshotJson(const ConsoleModels &models, const QString &pageId, const QString &profile)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject feeds;
    for (FeedKind kind : allFeedKinds) {
        const FeedHealth h = models.health->health(kind);
        feeds.insert(feedName(kind).toLower(),
                     QJsonObject{{u"state"_s, stateName(h.state)},
                                 {u"reason"_s, h.reason},
                                 {u"last_success"_s, isoUtc(h.lastSuccess)},
                                 {u"data_age_ms"_s, h.dataAgeMs(now)},
                                 {u"transport"_s, transportKey(h.transport.security)},
                                 {u"transport_detail"_s, h.transport.detail}});
    }
    QJsonObject root{
        {u"page"_s, pageId}, {u"profile"_s, profile}, {u"generated_at"_s, isoUtc(now)}, {u"feeds"_s, feeds}};
    if (pageId == u"sagas"_s)
        root.insert(u"sagas"_s, sagasJson(models));
    if (pageId == u"metrics"_s && models.metrics)
        root.insert(u"metrics"_s, metricsJson(models));
    // The alerts tile (overview, the wall) and the alert table (metrics) show silences: every
    // one that applies now, also of instances not firing (a silence outlives a Normal spell).
    if (pageId == u"overview"_s || pageId == u"metrics"_s)
        root.insert(u"alert_silences"_s, silencesJson(models));
    if (pageId == u"playbooks"_s && models.playbooks)
        root.insert(u"playbooks"_s, playbooksJson(*models.playbooks));
    if (pageId == u"timeline"_s && models.timeline)
        root.insert(u"timeline"_s, timelineJson(*models.timeline));
    if (pageId == u"services"_s && models.deployments)
        root.insert(u"services"_s, servicesJson(*models.deployments));
    if (pageId == u"database"_s && models.database)
        root.insert(u"database"_s, databaseJson(*models.database));
    if (models.team)
        root.insert(u"team_trail"_s, teamTrailJson(*models.team, now));
    if (pageId == u"kafka"_s && models.kafka) {
        QJsonObject kafka = kafkaJson(*models.kafka);
        if (models.lagBackfill)
            kafka.insert(u"lag_history_source"_s, models.lagBackfill->statusText());
        root.insert(u"kafka"_s, kafka);
    }
    return root;
}

int runSnapshot(ConsoleApp &app, const CommandLineOptions &options)
{
    for (const QString &p : app.problems())
        printError(p);
    const PageSpec &page = pageCatalog().at(pageIndexOf(options.page));
    MainWindow *window = app.window();
    window->showPage(page.id);
    if (app.warRoom())
        window->resize(1600, 900); // a wall display's proportions; offscreen has no real screen
    window->show();

    // Wait in the event loop (feeds answer through it) until ready, failed or out of time.
    QString failure;
    if (!app.activeProfile()) // a refused profile is a failure, never a picture of nothing
        failure = u"no profile loaded: "_s
            + (app.problems().isEmpty() ? u"the profiles file defines none"_s : app.problems().join(u"; "_s));
    QDeadlineTimer deadline(std::chrono::seconds(options.timeoutS));
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(50);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        // The team trail is waited for too (its in-flight list is part of the picture), but a
        // trail that is not read is said in the JSON rather than failing the page.
        const TeamTrail *team = app.models().team;
        const bool teamAnswered = !team || team->readerLive() || team->readerProblem() != TeamTrail::kNotStarted;
        if ((pageReady(app.models(), page, app.activeProfile(), &failure) && teamAnswered) || !failure.isEmpty()
            || deadline.hasExpired())
            loop.quit();
    });
    if (failure.isEmpty()) {
        poll.start();
        loop.exec();
    }
    if (failure.isEmpty() && !pageReady(app.models(), page, app.activeProfile(), &failure))
        failure = u"timed out after %1 s waiting for the %2 page's feeds"_s.arg(options.timeoutS).arg(page.title);
    // Let the last answers paint before grabbing.
    QTimer::singleShot(150, &loop, &QEventLoop::quit);
    loop.exec();
    if (window->overviewPage())
        window->overviewPage()->refresh(); // its tiles follow the models on a timer
    if (window->warRoomWall())
        window->warRoomWall()->refresh(); // the wall too, and it reads the overview's tiles
    if (window->timelinePage())
        window->timelinePage()->sync(); // it draws answers coalesced, 100 ms after they came
    if (window->playbooksPage())
        window->playbooksPage()->refresh(); // it repaints answers on a short timer
    // Those refreshes resize tables: let the layouts settle before the picture is taken.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();

    QString error;
    if (!options.pngPath.isEmpty()) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        window->grab().save(&buffer, "PNG");
        if (!writeBytes(options.pngPath, png, &error))
            failure = failure.isEmpty() ? error : failure + u"; "_s + error;
    }
    if (!options.jsonPath.isEmpty()) {
        QJsonObject json = snapshotJson(app.models(), page.id, app.profileName());
        json.insert(u"display"_s, displayJson(*window, app.warRoom()));
        if (page.id == u"overview"_s && window->overviewPage())
            json.insert(u"overview"_s, overviewJson(*window->overviewPage()));
        if (page.id == u"overview"_s && window->warRoomWall())
            json.insert(u"wall"_s, wallJson(*window->warRoomWall()));
        if (page.id == u"database"_s && window->databasePage()) {
            // Whether cancel and terminate are offered, and why not (no operator conninfo, read-only).
            QJsonObject db = json.value(u"database"_s).toObject();
            db.insert(u"actions_blocked"_s, window->databasePage()->actionsBlocked());
            db.insert(u"banner"_s, window->databasePage()->bannerText());
            json.insert(u"database"_s, db);
        }
        json.insert(u"ok"_s, failure.isEmpty());
        if (!failure.isEmpty())
            json.insert(u"error"_s, failure);
        if (!writeBytes(options.jsonPath, QJsonDocument(json).toJson(QJsonDocument::Indented), &error))
            failure = failure.isEmpty() ? error : failure + u"; "_s + error;
    }
    if (!failure.isEmpty()) {
        printError(failure);
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace sagadeck
