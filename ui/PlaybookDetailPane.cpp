#include "PlaybookDetailPane.h"
#include "PlainText.h"

#include "EscalationPanel.h"

#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "KafkaLagStore.h"
#include "LagStatusStyle.h"
#include "PlaybookBoard.h"
#include "PlaybookStyle.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QLabel *plainLabel(const QString &text, QWidget *parent, bool wrap = true)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText); // queries, errors and names come from outside
    l->setWordWrap(wrap);
    return l;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    QLabel *l = plainLabel(text, parent, false);
    QFont f = l->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.1);
    l->setFont(f);
    return l;
}

QTableWidget *table(const QStringList &columns, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(columns.size()), parent);
    t->setHorizontalHeaderLabels(columns);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(22);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    t->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    t->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    t->setWordWrap(false);
    return t;
}

void setRows(QTableWidget *t, const QVector<QStringList> &rows)
{
    t->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows.at(r).size() && c < t->columnCount(); ++c) {
            auto *item = new QTableWidgetItem(rows.at(r).at(c));
            item->setToolTip(plainTooltip(rows.at(r).at(c))); // the last column (query, error) may be cut
            t->setItem(r, c, item);
        }
    // Every column but the last fits its text; the last (query, error) takes the rest.
    for (int c = 0; c + 1 < t->columnCount(); ++c)
        t->resizeColumnToContents(c);
    // Tall enough for every row: the pane scrolls, not each table.
    const int h = t->horizontalHeader()->sizeHint().height()
        + t->verticalHeader()->defaultSectionSize() * std::max(1, t->rowCount()) + 2 * t->frameWidth() + 2;
    t->setFixedHeight(h);
}

// "from Postgres, 3 s old" or the failure with the age of what is still shown.
QString ageLine(const QString &source, const QDateTime &lastSuccess, const QString &error, bool asked)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString age = lastSuccess.isValid() ? describeAge(lastSuccess.msecsTo(now)) : QString();
    if (!error.isEmpty())
        return lastSuccess.isValid() ? u"%1 failed: %2 — showing data %3 old"_s.arg(source, error, age)
                                     : u"%1 failed: %2 — no data"_s.arg(source, error);
    if (!lastSuccess.isValid())
        return asked ? u"waiting for %1…"_s.arg(source) : u"not asked yet"_s;
    return u"from %1, %2 old"_s.arg(source, age);
}

} // namespace

PlaybookDetailPane::PlaybookDetailPane(PlaybookBoard *board, FeedHealthModel *health, KafkaLagStore *kafka,
                                       QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_health(health)
    , m_kafka(kafka)
    , m_layout(new QVBoxLayout(this))
{
    setObjectName(u"playbookDetail"_s);
    m_layout->setContentsMargins(12, 8, 12, 8);
    m_layout->setSizeConstraint(QLayout::SetMinimumSize); // in a scroll area: grow, never overlap
    // Below every playbook: whom the runbook escalates to when the remedies do not help.
    m_escalation = new EscalationPanel(EscalationPanel::Dashboards::Hidden, this);
    m_layout->addWidget(m_escalation);
}

void PlaybookDetailPane::setEscalation(const QVector<EscalationContact> &contacts)
{
    m_escalation->setEscalation(contacts, {});
}

void PlaybookDetailPane::clearContent()
{
    delete m_content;
    m_content = nullptr;
    m_symptomGlyphs.clear();
    m_symptomTexts.clear();
    m_sections.clear();
    m_remedyButtons.clear();
    m_remedyNote = nullptr;
    m_remedyBlocked = nullptr;
}

void PlaybookDetailPane::showPlaybook(int index)
{
    if (index == m_index && m_content)
        return refresh();
    m_index = index;
    clearContent();
    if (index >= 0 && index < m_board->playbooks().size())
        build();
    refresh();
}

void PlaybookDetailPane::build()
{
    const Playbook &p = m_board->playbooks().at(m_index);
    m_content = new QWidget(this);
    auto *v = new QVBoxLayout(m_content);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(6);
    m_title = heading(p.title, m_content);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    m_title->setFont(f);
    v->addWidget(m_title);
    v->addWidget(plainLabel(u"Runbook: %1 · %2"_s.arg(p.section, p.raiseRuleText()), m_content));
    m_raise = plainLabel(QString(), m_content);
    m_raise->setObjectName(u"playbookRaise"_s);
    v->addWidget(m_raise);

    v->addSpacing(6);
    v->addWidget(heading(u"Symptoms (evaluated now)"_s, m_content));
    m_symptomGrid = new QGridLayout;
    m_symptomGrid->setColumnStretch(1, 1);
    for (int j = 0; j < p.symptoms.size(); ++j) {
        auto *glyph = new QLabel(m_content);
        QLabel *text = plainLabel(QString(), m_content);
        text->setToolTip(plainTooltip(p.symptoms.at(j).query));
        m_symptomGrid->addWidget(glyph, j, 0, Qt::AlignTop);
        m_symptomGrid->addWidget(text, j, 1);
        m_symptomGlyphs << glyph;
        m_symptomTexts << text;
    }
    v->addLayout(m_symptomGrid);
    m_symptomAge = plainLabel(QString(), m_content);
    v->addWidget(m_symptomAge);

    v->addSpacing(6);
    v->addWidget(heading(u"Investigation"_s, m_content));
    for (const PlaybookInvestigation &inv : p.investigations) {
        Section s;
        s.spec = inv;
        v->addWidget(plainLabel(inv.title, m_content));
        s.status = plainLabel(QString(), m_content);
        v->addWidget(s.status);
        QStringList cols;
        switch (inv.kind) {
        case InvestigationKind::PromByLabel: cols = {inv.label, u"value"_s}; break;
        case InvestigationKind::FailedSagas:
            cols = {u"updated"_s, u"type"_s, u"status"_s, u"step"_s, u"id"_s, u"last error"_s};
            break;
        case InvestigationKind::PgActivity:
            cols = {u"pid"_s, u"user"_s, u"state"_s, u"running for"_s, u"query"_s};
            break;
        case InvestigationKind::KafkaPartitions:
            cols = {u"partition"_s, u"committed"_s, u"log end"_s, u"lag"_s, u"status"_s};
            break;
        }
        s.table = table(cols, m_content);
        s.table->setObjectName(u"investigation_"_s + investigationKindName(inv.kind));
        v->addWidget(s.table);
        m_sections << s;
    }

    v->addSpacing(6);
    v->addWidget(heading(u"Remedies (through the action pipeline: preview, confirmation, audit)"_s, m_content));
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    for (int j = 0; j < p.remedies.size(); ++j) {
        const PlaybookRemedy r = p.remedies.at(j);
        auto *b = new QPushButton(r.label(), m_content);
        b->setObjectName(u"remedy_%1"_s.arg(j));
        connect(b, &QPushButton::clicked, this, [this, r] { emit remedyRequested(r); });
        grid->addWidget(b, j, 0);
        grid->addWidget(plainLabel(r.why, m_content), j, 1);
        m_remedyButtons << b;
    }
    v->addLayout(grid);
    m_remedyBlocked = plainLabel(QString(), m_content);
    m_remedyBlocked->setObjectName(u"remedyBlocked"_s);
    v->addWidget(m_remedyBlocked);
    m_remedyNote = plainLabel(QString(), m_content);
    m_remedyNote->setObjectName(u"remedyNote"_s);
    v->addWidget(m_remedyNote);
    v->addStretch(1);
    m_layout->insertWidget(0, m_content); // above the escalation panel
}

void PlaybookDetailPane::refresh()
{
    if (!m_content)
        return;
    const PlaybookLive &l = m_board->live(m_index);
    const PlaybookStatus st = m_board->status(m_index);
    m_raise->setText(playbookStatusName(st) + u" · "_s + l.raise.text());
    const QString style = u"QLabel { color: %1; font-weight: bold; }"_s.arg(playbookStatusColor(st).name());
    if (m_raise->styleSheet() != style) // a new style sheet re-polishes the label: only on change
        m_raise->setStyleSheet(style);
    refreshSymptoms();
    for (int i = 0; i < m_sections.size(); ++i)
        refreshSection(i, m_sections[i]);
    updateRemedyButtons();
}

void PlaybookDetailPane::refreshSymptoms()
{
    const Playbook &p = m_board->playbooks().at(m_index);
    const PlaybookLive &l = m_board->live(m_index);
    QDateTime oldest;
    for (int j = 0; j < m_symptomTexts.size(); ++j) {
        const SymptomReading &r = l.symptoms.at(j);
        m_symptomGlyphs.at(j)->setPixmap(symptomIcon(r.state, 18).pixmap(18, 18));
        m_symptomTexts.at(j)->setText(p.symptoms.at(j).label + u": "_s + symptomText(j));
        if (r.at.isValid() && (!oldest.isValid() || r.at < oldest))
            oldest = r.at;
    }
    const FeedHealth h = m_health->health(FeedKind::Prometheus);
    QString age = oldest.isValid()
        ? u"from Prometheus, evaluated %1 ago"_s.arg(describeAge(oldest.msecsTo(QDateTime::currentDateTimeUtc())))
        : u"not evaluated yet"_s;
    if (h.state != FeedState::Live)
        age += u" · "_s + healthSummary(h, QDateTime::currentDateTimeUtc());
    m_symptomAge->setText(age);
}

QString PlaybookDetailPane::symptomState(int row) const
{
    return symptomStateName(m_board->live(m_index).symptoms.at(row).state);
}

QString PlaybookDetailPane::symptomText(int row) const
{
    const PlaybookSymptom &s = m_board->playbooks().at(m_index).symptoms.at(row);
    const SymptomReading &r = m_board->live(m_index).symptoms.at(row);
    QString value = r.state == SymptomReading::State::Error ? r.error : s.valueText(r.value);
    return u"%1 · %2 · threshold %3"_s.arg(symptomStateName(r.state), value, s.thresholdText());
}

void PlaybookDetailPane::refreshSection(int i, Section &s)
{
    QVector<QStringList> rows;
    QString status;
    switch (s.spec.kind) {
    case InvestigationKind::PromByLabel: {
        const PromTable &t = m_board->live(m_index).tables.at(i);
        PlaybookSymptom unit;
        unit.unit = s.spec.unit;
        for (const auto &row : t.rows)
            rows << QStringList{row.first, unit.valueText(row.second)};
        status = ageLine(u"Prometheus"_s, t.lastSuccess, t.error, true);
        if (t.lastSuccess.isValid() && t.rows.isEmpty() && t.error.isEmpty())
            status += u" · the query returned no series"_s;
        break;
    }
    case InvestigationKind::FailedSagas: {
        const auto &a = m_board->failedSagas();
        for (const SagaRow &r : a.value.rows)
            rows << QStringList{r.updatedAt.toLocalTime().toString(u"HH:mm:ss"_s),
                                r.type,
                                r.statusText,
                                r.currentStep,
                                r.id.toString(QUuid::WithoutBraces),
                                r.lastError};
        status = ageLine(u"Postgres"_s, a.lastSuccess, a.error, a.pendingId != 0);
        if (a.has)
            status = u"%1 most recent FAILED or COMPENSATED sagas · "_s.arg(a.value.rows.size()) + status;
        break;
    }
    case InvestigationKind::PgActivity: {
        const auto &a = m_board->activity();
        for (const PgBackend &b : a.value.longest)
            rows << QStringList{QString::number(b.pid), b.user, b.state, describeAge(qint64(b.durationS * 1000)),
                                b.query};
        status = ageLine(u"Postgres"_s, a.lastSuccess, a.error, a.pendingId != 0);
        if (a.has) {
            QStringList states;
            for (auto it = a.value.byState.cbegin(); it != a.value.byState.cend(); ++it)
                states << u"%1 %2"_s.arg(it.key()).arg(it.value());
            const double share = a.value.maxConnections > 0 ? 100.0 * a.value.total / a.value.maxConnections : NAN;
            status = u"%1 connections open of max_connections %2 (%3 %) · %4 · %5 · "_s.arg(a.value.total)
                         .arg(a.value.maxConnections)
                         .arg(share, 0, 'f', 0)
                         .arg(states.join(u", "_s))
                         .arg(a.value.longest.isEmpty()
                                  ? u"no non-idle query besides this console's"_s
                                  : u"the %1 longest running non-idle queries"_s.arg(a.value.longest.size()))
                + status;
        }
        break;
    }
    case InvestigationKind::KafkaPartitions: {
        if (m_kafka) {
            for (const PartitionLagRow &r : m_kafka->partitionsOf(s.spec.group))
                rows << QStringList{u"%1/%2"_s.arg(r.topic).arg(r.partition),
                                    r.committed < 0 ? u"no commit"_s : QString::number(r.committed),
                                    QString::number(r.logEnd), r.lag < 0 ? u"–"_s : QString::number(r.lag),
                                    lagStatusName(r.verdict.status)};
        }
        const FeedHealth h = m_health->health(FeedKind::Kafka);
        status = !m_kafka ? u"no Kafka feed"_s : ageLine(u"Kafka"_s, m_kafka->dataAt(), QString(), true);
        if (h.state != FeedState::Live)
            status += u" · "_s + healthSummary(h, QDateTime::currentDateTimeUtc());
        else if (m_kafka && m_kafka->hasData() && rows.isEmpty())
            status += u" · group %1 has no partitions"_s.arg(s.spec.group);
        break;
    }
    }
    s.status->setText(status);
    setRows(s.table, rows);
}

QString PlaybookDetailPane::sectionText(int section) const
{
    return m_sections.value(section).status ? m_sections.at(section).status->text() : QString();
}

QTableWidget *PlaybookDetailPane::sectionTable(int section) const
{
    return m_sections.value(section).table;
}

QString PlaybookDetailPane::raiseText() const
{
    return m_raise ? m_raise->text() : QString();
}

QString PlaybookDetailPane::remedyBlockedText() const
{
    return m_remedyBlocked ? m_remedyBlocked->text() : QString();
}

QString PlaybookDetailPane::remedyNote() const
{
    return m_remedyNote ? m_remedyNote->text() : QString();
}

void PlaybookDetailPane::setRemediesBlocked(const QString &deployments, const QString &sagas)
{
    m_blockedDeployments = deployments;
    m_blockedSagas = sagas;
    updateRemedyButtons();
}

void PlaybookDetailPane::setRemedyBusy(bool busy)
{
    m_busy = busy;
    updateRemedyButtons();
}

void PlaybookDetailPane::showRemedyNote(const QString &text)
{
    if (m_remedyNote)
        m_remedyNote->setText(text);
}

QString PlaybookDetailPane::remedyBlock(const PlaybookRemedy &remedy) const
{
    if (m_busy)
        return u"an action is running"_s;
    const bool saga = remedy.verb == RemedyVerb::RetryFailed;
    const QString blocked = saga ? m_blockedSagas : m_blockedDeployments;
    if (!blocked.isEmpty())
        return blocked;
    const FeedHealth h = m_health->health(saga ? FeedKind::Orchestrator : FeedKind::Kubernetes);
    if (h.state != FeedState::Live)
        return healthSummary(h, QDateTime::currentDateTimeUtc());
    return {};
}

void PlaybookDetailPane::updateRemedyButtons()
{
    if (!m_content)
        return;
    const Playbook &p = m_board->playbooks().at(m_index);
    QStringList reasons;
    for (int j = 0; j < m_remedyButtons.size(); ++j) {
        const QString why = remedyBlock(p.remedies.at(j));
        m_remedyButtons.at(j)->setEnabled(why.isEmpty());
        m_remedyButtons.at(j)->setToolTip(why.isEmpty() ? p.remedies.at(j).why : u"unavailable: "_s + why);
        if (!why.isEmpty() && !m_busy && !reasons.contains(why))
            reasons << why;
    }
    // Why a button cannot be used is said, not only hinted at in a tooltip.
    m_remedyBlocked->setText(reasons.isEmpty() ? QString() : u"unavailable: "_s + reasons.join(u" · "_s));
    m_remedyBlocked->setVisible(!reasons.isEmpty());
}

} // namespace sagadeck
