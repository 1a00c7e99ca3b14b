#include "AlertSilence.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kFileVersion = 1;
// A timer further out than this is re-armed on the way (QTimer takes an int of milliseconds).
constexpr qint64 kMaxTimerMs = 3600 * 1000;

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

bool AlertSilence::matches(const QString &r, const AlertLabels &l, const QDateTime &now) const
{
    return r == rule && l == labels && activeAt(now);
}

QString AlertSilence::text(const QDateTime &now) const
{
    const QDateTime local = until.toLocalTime();
    const bool today = local.date() == now.toLocalTime().date();
    const QString when = today ? local.toString(u"HH:mm"_s) : local.toString(u"yyyy-MM-dd HH:mm"_s);
    return u"silenced by %1 until %2"_s.arg(by, when);
}

QJsonObject AlertSilence::toJson() const
{
    QJsonObject l;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        l.insert(it.key(), it.value());
    return {{u"id"_s, id},         {u"rule"_s, rule},           {u"labels"_s, l},           {u"by"_s, by},
            {u"reason"_s, reason}, {u"start"_s, isoUtc(start)}, {u"until"_s, isoUtc(until)}};
}

std::optional<AlertSilence> AlertSilence::fromJson(const QJsonObject &o, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    AlertSilence s;
    s.id = o.value(u"id"_s).toString();
    s.rule = o.value(u"rule"_s).toString();
    s.by = o.value(u"by"_s).toString();
    s.reason = o.value(u"reason"_s).toString();
    if (s.id.isEmpty())
        return fail(u"\"id\" is missing"_s);
    if (s.rule.isEmpty())
        return fail(u"\"rule\" is missing"_s);
    if (!o.value(u"labels"_s).isObject() && !o.value(u"labels"_s).isUndefined())
        return fail(u"\"labels\" is not an object"_s);
    const QJsonObject l = o.value(u"labels"_s).toObject();
    for (auto it = l.begin(); it != l.end(); ++it) {
        if (!it.value().isString())
            return fail(u"label \"%1\" is not a string"_s.arg(it.key()));
        s.labels.insert(it.key(), it.value().toString());
    }
    s.start = QDateTime::fromString(o.value(u"start"_s).toString(), Qt::ISODateWithMs).toUTC();
    s.until = QDateTime::fromString(o.value(u"until"_s).toString(), Qt::ISODateWithMs).toUTC();
    if (!s.start.isValid())
        return fail(u"\"start\" is missing or not an ISO 8601 time"_s);
    if (!s.until.isValid())
        return fail(u"\"until\" is missing or not an ISO 8601 time"_s);
    return s;
}

QString AlertSilence::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray silencesToJson(const QVector<AlertSilence> &silences)
{
    QJsonArray list;
    for (const AlertSilence &s : silences)
        list.append(s.toJson());
    return QJsonDocument(QJsonObject{{u"version"_s, kFileVersion}, {u"silences"_s, list}})
        .toJson(QJsonDocument::Indented);
}

QVector<AlertSilence> silencesFromJson(const QByteArray &json, QStringList *errors)
{
    QVector<AlertSilence> out;
    auto error = [errors](const QString &why) {
        if (errors)
            errors->append(why);
    };
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError) {
        error(u"byte %1: %2"_s.arg(parse.offset).arg(parse.errorString()));
        return out;
    }
    const QJsonValue list = doc.object().value(u"silences"_s);
    if (!doc.isObject() || !list.isArray()) {
        error(u"no \"silences\" list"_s);
        return out;
    }
    const QJsonArray items = list.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        QString why;
        if (const auto s = AlertSilence::fromJson(items.at(i).toObject(), &why))
            out.append(*s);
        else
            error(u"silences[%1]: %2"_s.arg(i).arg(why));
    }
    return out;
}

AlertSilences::AlertSilences(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<AlertSilence>();
    qRegisterMetaType<QVector<AlertSilence>>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &AlertSilences::checkExpiry);
}

void AlertSilences::setClock(Clock clock)
{
    m_clock = std::move(clock);
    arm();
}

QDateTime AlertSilences::now() const
{
    return m_clock();
}

void AlertSilences::setProfile(const QString &profile)
{
    m_profile = profile;
}

std::optional<AlertSilence> AlertSilences::active(const QString &rule, const AlertLabels &labels) const
{
    const QDateTime t = now();
    for (const AlertSilence &s : m_silences)
        if (s.matches(rule, labels, t))
            return s;
    return std::nullopt;
}

QVector<AlertSilence> AlertSilences::activeAll() const
{
    const QDateTime t = now();
    QVector<AlertSilence> out;
    std::copy_if(m_silences.cbegin(), m_silences.cend(), std::back_inserter(out),
                 [&](const AlertSilence &s) { return s.activeAt(t); });
    std::sort(out.begin(), out.end(), [](const AlertSilence &a, const AlertSilence &b) { return a.until < b.until; });
    return out;
}

void AlertSilences::replace(const QVector<AlertSilence> &silences)
{
    const QVector<AlertSilence> before = activeAll();
    const QDateTime t = now();
    QVector<AlertSilence> next;
    for (const AlertSilence &s : silences)
        if (s.until > t)
            next.append(s);
    auto key = [](const QVector<AlertSilence> &list) {
        QStringList k;
        for (const AlertSilence &s : list)
            k << s.id + u' ' + s.until.toString(Qt::ISODateWithMs);
        k.sort();
        return k;
    };
    if (key(next) == key(m_silences))
        return; // the file says what is held already (read again, or this console's own change)
    m_silences = next;
    arm();
    emit changed();
    sayEnded(before);
}

void AlertSilences::sayEnded(const QVector<AlertSilence> &before)
{
    const QDateTime t = now();
    for (const AlertSilence &was : before)
        if (std::none_of(m_silences.cbegin(), m_silences.cend(),
                         [&](const AlertSilence &s) { return s.id == was.id && s.activeAt(t); }))
            emit ended(was);
}

void AlertSilences::add(const AlertSilence &silence)
{
    m_silences.erase(
        std::remove_if(m_silences.begin(), m_silences.end(),
                       [&](const AlertSilence &s) { return s.rule == silence.rule && s.labels == silence.labels; }),
        m_silences.end());
    m_silences.append(silence);
    arm();
    emit changed();
}

bool AlertSilences::expire(const QString &id)
{
    const QDateTime t = now();
    for (AlertSilence &s : m_silences) {
        if (s.id == id && s.activeAt(t)) {
            s.until = t;
            checkExpiry();
            return true;
        }
    }
    return false;
}

void AlertSilences::clear()
{
    m_silences.clear();
    m_profile.clear();
    m_timer->stop();
    emit changed();
}

void AlertSilences::checkExpiry()
{
    const QDateTime t = now();
    const auto over = std::remove_if(m_silences.begin(), m_silences.end(),
                                     [&](const AlertSilence &s) { return s.until <= t; });
    const QVector<AlertSilence> gone(over, m_silences.end());
    m_silences.erase(over, m_silences.end());
    arm();
    if (gone.isEmpty())
        return;
    emit changed();
    for (const AlertSilence &s : gone)
        emit ended(s);
}

void AlertSilences::arm()
{
    m_timer->stop();
    const QDateTime t = now();
    qint64 next = std::numeric_limits<qint64>::max();
    for (const AlertSilence &s : std::as_const(m_silences))
        next = std::min(next, t.msecsTo(s.until));
    if (next == std::numeric_limits<qint64>::max())
        return;
    m_timer->start(int(std::clamp<qint64>(next, 0, kMaxTimerMs)));
}

QVector<int> silenceDurationChoicesS()
{
    return {15 * 60, 3600, 4 * 3600};
}

QString silenceDurationText(qint64 seconds)
{
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 60)
        return u"%1 min"_s.arg(minutes);
    if (minutes % (24 * 60) == 0)
        return u"%1 d"_s.arg(minutes / (24 * 60));
    const qint64 hours = minutes / 60;
    return minutes % 60 == 0 ? u"%1 h"_s.arg(hours) : u"%1 h %2 min"_s.arg(hours).arg(minutes % 60);
}

} // namespace sagadeck
