#include "ErrorBudget.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

double SloSettings::objective(const QString &slo) const
{
    return slo == u"availability"_s ? availability : sagaSuccess;
}

double burnRate(double badRatio, double objective)
{
    const double budget = 1.0 - objective;
    if (!std::isfinite(badRatio) || !std::isfinite(objective) || budget <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return badRatio / budget;
}

double budgetLeft(double badRatio, double objective)
{
    return 1.0 - burnRate(badRatio, objective);
}

QString errorBudgetStateName(ErrorBudget::State state)
{
    switch (state) {
    case ErrorBudget::State::Healthy: return u"healthy"_s;
    case ErrorBudget::State::Burning: return u"burning"_s;
    case ErrorBudget::State::Spent: return u"spent"_s;
    case ErrorBudget::State::Unknown: break;
    }
    return u"no data"_s;
}

namespace {
std::optional<double> burnOf(const std::optional<double> &bad, double objective)
{
    if (!bad)
        return std::nullopt;
    const double b = burnRate(*bad, objective);
    return std::isfinite(b) ? std::optional<double>(b) : std::nullopt;
}

bool above(const std::optional<double> &v, double factor)
{
    return v && *v > factor;
}

QString burnText(const QString &window, const std::optional<double> &burn)
{
    return window + u' ' + (burn ? QString::number(*burn, 'f', *burn < 10 ? 1 : 0) + u"×"_s : u"?"_s);
}

QString objectiveText(double objective)
{
    return QString::number(objective * 100.0, 'g', 6) + u" %"_s;
}
} // namespace

ErrorBudget evaluateErrorBudget(const QString &id, const QString &caption, double objective, int windowDays,
                                const BudgetInputs &in)
{
    ErrorBudget b;
    b.id = id;
    b.caption = caption;
    b.burn1h = burnOf(in.h1, objective);
    b.burn5m = burnOf(in.m5, objective);
    b.burn6h = burnOf(in.h6, objective);
    b.burn30m = burnOf(in.m30, objective);
    // Both windows of a pair: the long one says it matters, the short one that it still happens.
    b.fastBurn = above(b.burn1h, burn::kFast) && above(b.burn5m, burn::kFast);
    b.slowBurn = above(b.burn6h, burn::kSlow) && above(b.burn30m, burn::kSlow);
    if (const std::optional<double> spent = burnOf(in.window, objective))
        b.left = 1.0 - *spent;
    if (!b.left)
        b.state = ErrorBudget::State::Unknown;
    else if (*b.left <= 0)
        b.state = ErrorBudget::State::Spent;
    else if (b.fastBurn || b.slowBurn)
        b.state = ErrorBudget::State::Burning;
    else
        b.state = ErrorBudget::State::Healthy;
    if (!b.left)
        b.value = u"no data"_s;
    else if (*b.left >= 0)
        b.value = QString::number(*b.left * 100.0, 'f', 1) + u" % left"_s;
    else
        b.value = u"overspent %1 %"_s.arg(QString::number(-*b.left * 100.0, 'f', 0));
    // What burns first: on a tile only the start of the line may show.
    QString burning;
    if (b.fastBurn)
        burning = u"fast burn (1 h and 5 min > 14.4×) · "_s;
    else if (b.slowBurn)
        burning = u"slow burn (6 h and 30 min > 6×) · "_s;
    b.detail = u"%1burn %2 · %3 · %4 over %5 d"_s
                   .arg(burning, burnText(u"1 h"_s, b.burn1h), burnText(u"6 h"_s, b.burn6h), objectiveText(objective))
                   .arg(windowDays);
    return b;
}

} // namespace sagadeck
