#pragma once

class QObject;
class QThread;

namespace sagadeck {

// Feed threads let go while blocked in a call to a slow or hung server: a session that ends
// must not hang the GUI waiting for them. They must still end before the process runs its
// static destructors, or a call that returns afterwards uses library state already freed
// (ASan caught libpqxx's). adopt() keeps each one; when the application object is destroyed
// they get one bounded wait together, and those that ended are deleted with their worker.
namespace AbandonedThreads {

void adopt(QThread *thread, QObject *worker);
// Waits up to timeoutMs in all for the adopted threads; returns how many still run.
int waitForAll(int timeoutMs);

} // namespace AbandonedThreads
} // namespace sagadeck
