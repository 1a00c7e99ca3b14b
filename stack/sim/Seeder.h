#pragma once

#include <cstdint>
#include <string>

// `saga-sim seed`: bulk-loads N historical sagas with their steps using COPY (libpq's
// PQputCopyData in large chunks, two connections in parallel). created_at is spread over the
// past 30 days and almost every saga is terminal, so a live run is not disturbed. Each batch
// is one transaction (instances, then their steps). Prints progress and the elapsed time.
class Seeder
{
public:
    Seeder(std::string conninfo, uint64_t seed)
        : m_conninfo(std::move(conninfo))
        , m_seed(seed)
    {}
    // Returns 0 on success, 1 on a database error (printed).
    int run(long long sagas);

private:
    bool loadRange(int worker, long long first, long long count, std::string &error);

    const std::string m_conninfo;
    const uint64_t m_seed;
};
