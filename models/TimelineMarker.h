#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

// One event on the incident timeline: an alert changing state, an operator action of this
// console (from the audit log), or a deployment restarted or scaled (seen on the Kubernetes API,
// by whoever made it). Pure value; `key` identifies it so the same event is never listed twice.
struct TimelineMarker
{
    enum class Kind
    {
        Alert,
        Action,
        Deployment
    };

    Kind kind = Kind::Alert;
    QDateTime at;   // UTC
    QString title;  // short: "restart payment-service", "SagaFailureRate → Firing"
    QString who;    // "kubectl-rollout (Update)", "sagadeck: alice as sagadeck-operator"
    QString what;   // "restart deployment payment-service", "scale 1 → 3"
    QString detail; // reason, error, value
    QString target; // deployment name or rule name, for matching and filtering
    QString key;

    friend bool operator==(const TimelineMarker &a, const TimelineMarker &b)
    {
        return a.kind == b.kind && a.at == b.at && a.title == b.title && a.who == b.who && a.what == b.what
            && a.detail == b.detail && a.target == b.target && a.key == b.key;
    }
};

using TimelineMarkers = QVector<TimelineMarker>;

QString markerKindName(TimelineMarker::Kind kind);  // alert | action | deployment
QString markerKindGlyph(TimelineMarker::Kind kind); // ▲ A, ● C, ◆ D: shape and letter, never colour alone

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::TimelineMarker)
