#pragma once

#include <QString>
#include <QStringList>

#include <iterator>
#include <optional>
#include <type_traits>

namespace sagadeck {

// Enums are spelled by one function each (sagaStatusName, investigationKindName, ...); these
// read such a spelling back and list the accepted ones, without a loop of their own each time.

// The value among `values` whose nameOf(value) is `text`, if any: the one way a name read from
// a file or the command line becomes an enum value again.
template <typename Values, typename NameOf>
auto valueNamed(const Values &values, NameOf nameOf, const QString &text)
    -> std::optional<std::decay_t<decltype(*std::begin(values))>>
{
    for (const auto &v : values)
        if (nameOf(v) == text)
            return v;
    return std::nullopt;
}

// Every value's name, in order: what a message lists as accepted.
template <typename Values, typename NameOf>
QStringList namesOf(const Values &values, NameOf nameOf)
{
    QStringList names;
    for (const auto &v : values)
        names << nameOf(v);
    return names;
}

} // namespace sagadeck
