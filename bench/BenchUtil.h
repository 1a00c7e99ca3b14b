#pragma once

#include <QFile>
#include <QString>
#include <QVector>

#include <algorithm>

// Small helpers shared by the benchmarks.
namespace bench {

// VmRSS or VmHWM of this process in MiB, from /proc/self/status.
inline double procStatusMiB(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(int(qstrlen(key)) + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

inline double percentile(QVector<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const int i = std::clamp(int(p * (v.size() - 1) + 0.5), 0, int(v.size() - 1));
    return v.at(i);
}

} // namespace bench
