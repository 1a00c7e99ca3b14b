// Runs a fuzz target's LLVMFuzzerTestOneInput once over every file of the corpus folders given
// on the command line, so the seed corpora run as ordinary tests with any compiler (no libFuzzer
// needed). Fails when it ran nothing: an empty or missing corpus must not pass.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    namespace fs = std::filesystem;
    long ran = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        for (const fs::directory_entry &entry : fs::recursive_directory_iterator(argv[i], ec)) {
            if (!entry.is_regular_file())
                continue;
            std::ifstream in(entry.path(), std::ios::binary);
            const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
            std::printf("  %s (%zu bytes)\n", entry.path().c_str(), bytes.size());
            std::fflush(stdout); // the last name printed is the input that crashed
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
            ++ran;
        }
        if (ec)
            std::fprintf(stderr, "%s: %s\n", argv[i], ec.message().c_str());
    }
    std::printf("ran %ld inputs\n", ran);
    return ran > 0 ? 0 : 1;
}
