#include "FaultHarness.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <execinfo.h>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <sys/types.h>

using namespace Qt::StringLiterals;

FaultProxy::FaultProxy(const QString &host, quint16 port)
{
    const QString bin = QCoreApplication::applicationDirPath() + u"/faultproxy"_s;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(bin, {u"--target"_s, u"%1:%2"_s.arg(host).arg(port)});
    if (!m_process.waitForStarted(5000)) {
        m_error = u"cannot start %1: %2"_s.arg(bin, m_process.errorString());
        return;
    }
    if (!m_process.waitForReadyRead(5000)) {
        m_error = u"faultproxy said nothing"_s;
        return;
    }
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    if (line.startsWith(u"listening "_s))
        m_port = quint16(line.mid(10).toUInt());
    else
        m_error = u"faultproxy: "_s + line;
}

FaultProxy::~FaultProxy()
{
    m_process.closeWriteChannel(); // the proxy ends when its stdin closes
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

QString FaultProxy::ask(const QString &command)
{
    m_process.write(command.toUtf8() + '\n');
    m_process.waitForBytesWritten(2000);
    if (!m_process.canReadLine() && !m_process.waitForReadyRead(5000))
        return QString();
    return QString::fromUtf8(m_process.readLine()).trimmed();
}

bool FaultProxy::set(const QString &command)
{
    const QString answer = ask(command);
    if (answer == u"ok "_s + command)
        return true;
    m_error = u"faultproxy answered '%1' to '%2'"_s.arg(answer, command);
    return false;
}

int FaultProxy::connectionsAccepted()
{
    const QString answer = ask(u"count"_s);
    return answer.startsWith(u"connections "_s) ? answer.mid(12).toInt() : -1;
}

StoppedServer::StoppedServer(qint64 pid, int guardS)
    : m_pid(pid)
{
    if (pid <= 0)
        return;
    // The guard resumes the server even if this process is killed first. It must not hold this
    // process's output open: ctest waits for that pipe to close, so it would wait the guard out.
    QProcess guard;
    guard.setProgram(u"/bin/sh"_s);
    guard.setArguments({u"-c"_s, u"sleep %1; kill -CONT %2 2>/dev/null"_s.arg(guardS).arg(pid)});
    guard.setStandardInputFile(QProcess::nullDevice());
    guard.setStandardOutputFile(QProcess::nullDevice());
    guard.setStandardErrorFile(QProcess::nullDevice());
    guard.startDetached();
    m_stopped = ::kill(pid_t(pid), SIGSTOP) == 0;
}

StoppedServer::~StoppedServer()
{
    resume();
}

void StoppedServer::resume()
{
    if (m_stopped)
        ::kill(pid_t(m_pid), SIGCONT);
    m_stopped = false;
}

namespace StackControl {

QString stackDir()
{
    return qEnvironmentVariable("SAGADECK_STACK_DIR", QStringLiteral(SAGADECK_SOURCE_DIR "/.stack"));
}

qint64 pidOf(const QString &server)
{
    // Postgres keeps its own pid file (first line); the others have the stack's.
    const QString path = server == u"postgres"_s ? QString(stackDir() + u"/postgres/data/postmaster.pid"_s)
                                                 : QString(stackDir() + u"/"_s + server + u"/pid"_s);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return QString::fromUtf8(f.readLine()).trimmed().toLongLong();
}

bool up(QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SAGADECK_SOURCE_DIR "/stack/stack"), {u"--dir"_s, stackDir(), u"up"_s});
    const bool finished = p.waitForFinished(180000);
    *output = QString::fromUtf8(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace StackControl

namespace {

// Which build measured it: the suite runs twice in CI, plainly and under the sanitizers.
QString buildFlavour()
{
#if defined(__SANITIZE_ADDRESS__)
    return u"asan+ubsan"_s;
#else
    return u"dev"_s;
#endif
}

} // namespace

void FaultRecord::write() const
{
    const QString path = qEnvironmentVariable("SAGADECK_FAULT_REPORT");
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::Append))
        return;
    const QJsonObject o{{u"test"_s, test},           {u"fault"_s, fault},
                        {u"target"_s, target},       {u"expected"_s, expected},
                        {u"observed"_s, observed},   {u"result"_s, passed ? u"pass"_s : u"FAIL"_s},
                        {u"build"_s, buildFlavour()}};
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
}

qint64 waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    // A real event loop, no sleeping: the watchdog must measure the console, not this wait.
    QElapsedTimer clock;
    clock.start();
    if (done())
        return 0;
    QEventLoop loop;
    QTimer poll;
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if ((met = done()) || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start(10);
    loop.exec();
    return met ? clock.elapsed() : -1;
}

namespace {

// Filled by the SIGPROF handler on the GUI thread, read by the sampler thread.
void *g_frames[64];
std::atomic<int> g_frameCount{0};
std::atomic<bool> g_sampled{false};

void onSigprof(int)
{
    g_frameCount = backtrace(g_frames, 64);
    g_sampled = true;
}

} // namespace

// CPU time of the calling thread (user + system), in microseconds.
static qint64 threadCpuUs()
{
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return qint64(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000 + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

// The GUI thread's scheduler state from /proc: 'R' running or runnable, 'S'/'D' sleeping.
static char threadState(pid_t tid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", int(tid));
    const int fd = ::open(path, O_RDONLY);
    if (fd < 0)
        return '?';
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return '?';
    buf[n] = 0;
    const char *paren = std::strrchr(buf, ')'); // the name may hold spaces
    return paren && paren[1] == ' ' ? paren[2] : '?';
}

struct EventLoopWatchdog::Sampler
{
    std::atomic<qint64> lastTickMs{0};
    std::atomic<qint64> maxBlockedMs{0};
    std::atomic<bool> stop{false};
    QElapsedTimer clock;
    pthread_t gui = pthread_self();
    pid_t guiTid = pid_t(syscall(SYS_gettid));
    int traceFd = -1;
    std::thread thread;

    explicit Sampler(const QByteArray &tracePath)
    {
        if (!tracePath.isEmpty()) {
            traceFd = ::open(tracePath.constData(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            signal(SIGPROF, onSigprof);
        }
        clock.start();
        thread = std::thread([this] { run(); });
    }
    ~Sampler()
    {
        stop = true;
        thread.join();
        if (traceFd >= 0)
            ::close(traceFd);
    }
    void run()
    {
        qint64 tracedTick = -1;
        qint64 blockedTick = -1;
        qint64 blockedMs = 0;
        while (!stop) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            const qint64 last = lastTickMs;
            const qint64 late = clock.elapsed() - last;
            if (late < 20)
                continue;
            // Sleeping while its timer is overdue: blocked, not busy and not preempted.
            const char state = threadState(guiTid);
            if (blockedTick != last) {
                blockedTick = last;
                blockedMs = 0;
            }
            if (state == 'S' || state == 'D') {
                blockedMs += 2;
                if (blockedMs > maxBlockedMs)
                    maxBlockedMs = blockedMs;
            }
            if (traceFd >= 0 && late >= 30 && tracedTick != last)
                trace(last, late, state, &tracedTick);
        }
    }
    void trace(qint64 last, qint64 late, char state, qint64 *tracedTick)
    {
        *tracedTick = last; // one sample per stall
        g_sampled = false;
        pthread_kill(gui, SIGPROF);
        for (int i = 0; i < 100 && !g_sampled; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (!g_sampled)
            return;
        const QByteArray head = "--- GUI thread silent for " + QByteArray::number(late) + " ms, state "
            + QByteArray(1, state) + "\n";
        (void)!::write(traceFd, head.constData(), size_t(head.size()));
        backtrace_symbols_fd(g_frames, g_frameCount, traceFd);
    }
};

EventLoopWatchdog::EventLoopWatchdog()
    : m_sampler(std::make_unique<Sampler>(qgetenv("SAGADECK_STALL_TRACE")))
{}

qint64 EventLoopWatchdog::maxBlockedMs() const
{
    return m_sampler->maxBlockedMs;
}

EventLoopWatchdog::~EventLoopWatchdog() = default;

void EventLoopWatchdog::start()
{
    m_maxGapMs = 0;
    m_maxBusyMs = 0;
    m_sampler->maxBlockedMs = 0;
    m_sampler->lastTickMs = m_sampler->clock.elapsed();
    m_lastCpuUs = threadCpuUs();
    m_ticks = 0;
    m_long.clear();
    m_clock.start();
    m_since.start();
    if (!m_timer)
        m_timer = startTimer(kIntervalMs, Qt::PreciseTimer);
}

void EventLoopWatchdog::timerEvent(QTimerEvent *)
{
    const qint64 gap = m_clock.restart();
    const qint64 cpu = threadCpuUs();
    const qint64 busyMs = (cpu - m_lastCpuUs) / 1000;
    m_lastCpuUs = cpu;
    m_maxBusyMs = std::max(m_maxBusyMs, busyMs);
    m_sampler->lastTickMs = m_sampler->clock.elapsed();
    m_maxGapMs = std::max(m_maxGapMs, gap);
    if (gap - kIntervalMs > 25)
        m_long << QStringLiteral("%1:%2(cpu %3)").arg(m_since.elapsed() - gap).arg(gap - kIntervalMs).arg(busyMs);
    ++m_ticks;
}
