#include "AuditWriter.h"

namespace sagadeck {

AuditWriter::AuditWriter(const QString &path, QObject *parent)
    : QObject(parent)
    , m_log(path)
{}

void AuditWriter::registerMetaTypes()
{
    qRegisterMetaType<AuditRecord>();
}

void AuditWriter::append(const AuditRecord &record)
{
    QString error;
    m_log.append(record, &error);
    const QStringList warnings = m_log.warnings();
    for (; m_warningsSeen < warnings.size(); ++m_warningsSeen)
        emit warning(warnings.at(m_warningsSeen));
    emit appended(record, error);
}

} // namespace sagadeck
