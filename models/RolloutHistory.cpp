#include "RolloutHistory.h"

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace sagadeck {

const RevisionInfo *RolloutHistory::revision(qint64 number) const
{
    for (const RevisionInfo &r : revisions)
        if (r.revision == number)
            return &r;
    return nullptr;
}

const RevisionInfo *RolloutHistory::currentRevision() const
{
    for (const RevisionInfo &r : revisions)
        if (r.current)
            return &r;
    return nullptr;
}

const RevisionInfo *RolloutHistory::previous() const
{
    const RevisionInfo *now = currentRevision();
    const qint64 below = now ? now->revision : deployment.revision;
    const RevisionInfo *best = nullptr;
    for (const RevisionInfo &r : revisions)
        if (r.revision < below && (!best || r.revision > best->revision))
            best = &r;
    return best;
}

QStringList templateDiff(const QByteArray &from, const QByteArray &to, int context)
{
    const QList<QByteArray> a = from.split('\n');
    const QList<QByteArray> b = to.split('\n');
    if (a == b)
        return {};
    // Longest common subsequence of lines: a pod template is tens of lines.
    const size_t n = size_t(a.size()), m = size_t(b.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = a[qsizetype(i)] == b[qsizetype(j)] ? lcs[i + 1][j + 1] + 1
                                                           : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    struct Op
    {
        char kind;
        QByteArray line;
    };
    std::vector<Op> ops;
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[qsizetype(i)] == b[qsizetype(j)]) {
            ops.push_back({' ', a[qsizetype(i)]});
            ++i, ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            ops.push_back({'+', b[qsizetype(j++)]});
        } else {
            ops.push_back({'-', a[qsizetype(i++)]});
        }
    }
    // Keep the changes and `context` unchanged lines on each side.
    std::vector<bool> keep(ops.size(), false);
    for (size_t k = 0; k < ops.size(); ++k) {
        if (ops[k].kind == ' ')
            continue;
        const size_t lo = k >= size_t(context) ? k - size_t(context) : 0;
        const size_t hi = std::min(ops.size() - 1, k + size_t(context));
        for (size_t x = lo; x <= hi; ++x)
            keep[x] = true;
    }
    QStringList out;
    bool skipped = false;
    for (size_t k = 0; k < ops.size(); ++k) {
        if (!keep[k]) {
            if (!skipped)
                out << u"  …"_s;
            skipped = true;
            continue;
        }
        skipped = false;
        out << QChar::fromLatin1(ops[k].kind) + u' ' + QString::fromUtf8(ops[k].line);
    }
    return out;
}

} // namespace sagadeck
