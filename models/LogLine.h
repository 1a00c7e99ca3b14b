#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

// One line of a container's log, as the API server's pods/log gives it with timestamps=true.
struct LogLine
{
    qint64 timeNs = 0; // the kubelet's RFC3339Nano time, in ns since the epoch (0: none)
    QString pod;
    QString container;
    QString text;
    bool previous = false; // from the container's previous run (--previous)

    QDateTime time() const { return QDateTime::fromMSecsSinceEpoch(timeNs / 1000000, Qt::UTC); }
};

using LogLines = QVector<LogLine>;

// What the operator asked to read: a deployment's pods (all of them, interleaved by time, and
// those that start while it is followed) or one pod.
struct LogRequest
{
    quint64 session = 0; // answers carry it; a newer request's session replaces the older
    QString deployment;  // with pod empty: every pod of it
    QString pod;
    int tailLines = 100; // < 0: the whole log
    bool follow = true;
    bool previous = false;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::LogLine)
Q_DECLARE_METATYPE(sagadeck::LogLines)
Q_DECLARE_METATYPE(sagadeck::LogRequest)
