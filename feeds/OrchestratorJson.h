#pragma once

#include "Saga.h"

#include <QByteArray>
#include <QJsonObject>

// Reading the orchestrator REST API's JSON answers (docs/architecture.md §1). Pure, no I/O: the client
// calls it on every answer, the unit tests and fuzz/fuzz_orchestrator.cpp call it directly.
namespace sagadeck {

// What the client asked for, and so what a 2xx body should be.
enum class OrchestratorBodyShape
{
    Any,
    Saga,
    SagaList
};

struct OrchestratorBody
{
    QJsonObject object;     // the body when it is a JSON object, else empty
    QString error;          // its "error" text (the reason of a 4xx/5xx), may be empty
    bool isSaga = false;    // Saga: the object is a saga
    SagaDetail saga;        // Saga: the saga with its steps
    QVector<SagaRow> sagas; // SagaList: the items that are sagas (others are dropped)
};
OrchestratorBody parseOrchestratorBody(const QByteArray &raw, OrchestratorBodyShape shape);

// A saga object of the API (with "steps" when present); false if it is not one.
bool parseOrchestratorSaga(const QJsonObject &o, SagaDetail *out);

} // namespace sagadeck
