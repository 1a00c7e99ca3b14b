#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace sagadeck {

// A profile's service-level objectives (slo:): saga success (completed / created) and
// availability (the share of requests not answered 5xx), each over a rolling window. The
// defaults are resources/slo-rules.json's, which stack/stack reads too.
struct SloSettings
{
    int windowDays = 30;
    double sagaSuccess = 0.995;
    double availability = 0.9995;

    double objective(const QString &slo) const; // "success" | "availability"
    bool operator==(const SloSettings &o) const
    {
        return windowDays == o.windowDays && sagaSuccess == o.sagaSuccess && availability == o.availability;
    }
};

// The windows an error budget is read over, and the multiwindow burn-rate alerts of Google's
// SRE workbook: fast when both 1 h and 5 min burn above 14.4x (2 % of a 30-day budget in an
// hour), slow when both 6 h and 30 min burn above 6x (5 % in six hours).
namespace burn {
inline const QStringList &windows()
{
    static const QStringList w{QStringLiteral("slo"), QStringLiteral("1h"), QStringLiteral("5m"), QStringLiteral("6h"),
                               QStringLiteral("30m")};
    return w;
}
constexpr double kFast = 14.4;
constexpr double kSlow = 6.0;
} // namespace burn

// How fast the budget goes: the bad share over the budget (1 - objective). 1 spends exactly
// the budget over the SLO window; NaN when either is not a number.
double burnRate(double badRatio, double objective);
// The share of the window's budget not spent yet (1 = all of it, negative = overspent).
double budgetLeft(double badRatio, double objective);

// The bad shares (0..1) over each window; nullopt = no data.
struct BudgetInputs
{
    std::optional<double> window; // the SLO window (windowDays)
    std::optional<double> h1, m5, h6, m30;
};

// One objective's budget for a tile: how much is left, how fast it burns, and the verdict.
struct ErrorBudget
{
    enum class State
    {
        Healthy, // budget left and no burn alert
        Burning, // a multiwindow burn-rate condition holds
        Spent,   // nothing left over the window
        Unknown  // no data over the window
    };
    QString id;      // success | availability
    QString caption; // "Saga success budget"
    State state = State::Unknown;
    std::optional<double> left, burn1h, burn5m, burn6h, burn30m;
    bool fastBurn = false, slowBurn = false;
    QString value;  // "82.4 % left", "overspent 140 %", "no data"
    QString detail; // "burn 1 h 0.4× · 6 h 0.3× · 99.5 % over 30 d", a burning pair first
};
QString errorBudgetStateName(ErrorBudget::State state); // healthy | burning | spent | no data

ErrorBudget evaluateErrorBudget(const QString &id, const QString &caption, double objective, int windowDays,
                                const BudgetInputs &in);

} // namespace sagadeck
