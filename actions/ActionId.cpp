#include "ActionId.h"

namespace sagadeck {

ActionId ActionId::create()
{
    ActionId id;
    id.m_uuid = QUuid::createUuid();
    return id;
}

ActionId ActionId::fromString(const QString &text)
{
    ActionId id;
    const QUuid parsed = QUuid::fromString(text.trimmed());
    // Only random (version 4) ids are ours; anything else is not an ActionId we made.
    if (!parsed.isNull() && parsed.version() == QUuid::Random)
        id.m_uuid = parsed;
    return id;
}

QString ActionId::toString() const
{
    return m_uuid.toString(QUuid::WithoutBraces);
}

} // namespace sagadeck
