#pragma once

#include "Saga.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace sagadeck {

// The selected saga: its fields, its step timeline (executions and compensations with
// durations and errors) and its payload as formatted JSON. Everything is plain text.
class SagaDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit SagaDetailPane(QWidget *parent = nullptr);

    void showDetail(const SagaDetail &detail);
    // "Loading…", "failed: …", "Select a saga": shown instead of the fields.
    void showMessage(const QString &message);

    QTableWidget *stepTable() const { return m_steps; }
    QString fieldsText() const;

private:
    QLabel *m_message;
    QLabel *m_fields;
    QTableWidget *m_steps;
    QPlainTextEdit *m_payload;
    QWidget *m_body;
};

// The payload as indented JSON; text that is not JSON is returned as it is.
QString formatPayload(const QByteArray &payload);

} // namespace sagadeck
