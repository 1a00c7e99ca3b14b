#pragma once

#include <QJsonObject>

namespace sagadeck {

class PlaybookBoard;

// `sagadeck snapshot --page playbooks`: every playbook's state, what raised it and its
// symptoms with their values, plus the investigation data on screen.
QJsonObject playbooksJson(const PlaybookBoard &board);
// Ready once every symptom was evaluated and the shown investigations answered; `failure`
// says why it never will be (no playbooks).
bool playbooksReady(const PlaybookBoard &board, QString *failure);

} // namespace sagadeck
