/* The file source (src/io/source.c): that opening a file, good or bad,
 * closes each descriptor exactly once and leaves none behind, and that a
 * WAV whose header gives 0 for its lengths is read to its end.
 *
 * libsndfile 1.2.0 closes the descriptor itself when sf_open_fd() fails,
 * whatever its close_desc argument says. A second close() by the source
 * then hit whatever file descriptor number the kernel had handed out again
 * in between: under `mot analyze --jobs N` another worker's newly opened
 * call, which was then read as empty or as a different file. This test
 * links close() through a wrapper (-Wl,--wrap=close, see CMakeLists.txt)
 * that counts the calls of the source's own code that find the descriptor
 * already closed. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "io/source.h"

int __real_close(int fd);
static int closed_twice;

int __wrap_close(int fd)
{
    int r = __real_close(fd);
    if (r != 0 && errno == EBADF)
        closed_twice++;
    return r;
}

static char dir[] = "/tmp/mot-test-source-XXXXXX";

static void path_of(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void write_bytes(const char *name, const void *bytes, size_t n)
{
    char path[256];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* A 0.5 s 16-bit PCM WAV of a 200 Hz tone, `channels` channels. */
static void write_wav(const char *name, int channels)
{
    char path[256];
    path_of(path, sizeof path, name);
    SF_INFO info = {.samplerate = 8000, .channels = channels,
                    .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    assert_non_null(sf);
    float frame[8];
    for (int i = 0; i < 4000; i++) {
        for (int c = 0; c < channels; c++)
            frame[c] = 0.3f * (float)((i / 20) % 2 ? 1 : -1);
        assert_int_equal(sf_writef_float(sf, frame, 1), 1);
    }
    assert_int_equal(sf_close(sf), 0);
}

static int open_descriptors(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    const char text[] = "these bytes are a shopping list, not a recording\n";
    write_bytes("text.wav", text, sizeof text - 1);
    /* A RIFF header cut off in its format chunk. */
    const unsigned char cut[] = {'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'A', 'V', 'E',
                                 'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0};
    write_bytes("cut.wav", cut, sizeof cut);
    write_bytes("empty.wav", "", 0);
    write_wav("mono.wav", 1);
    write_wav("stereo.wav", 2);
    /* The same mono file as a recorder leaves it before writing the
     * lengths: 0 for the RIFF chunk and for the data chunk (libsndfile
     * writes a plain 44-byte header: the data length at byte 40). */
    write_wav("unsized.wav", 1);
    char unsized[256];
    path_of(unsized, sizeof unsized, "unsized.wav");
    FILE *f = fopen(unsized, "r+b");
    if (!f)
        return -1;
    const unsigned char zero[4] = {0};
    if (fseek(f, 4, SEEK_SET) || fwrite(zero, 1, 4, f) != 4 || fseek(f, 40, SEEK_SET) ||
        fwrite(zero, 1, 4, f) != 4 || fclose(f))
        return -1;
    char sub[256];
    path_of(sub, sizeof sub, "folder.wav");
    return mkdir(sub, 0700);
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"text.wav", "cut.wav", "empty.wav", "mono.wav", "stereo.wav",
                           "unsized.wav"};
    char path[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        path_of(path, sizeof path, names[i]);
        unlink(path);
    }
    path_of(path, sizeof path, "folder.wav");
    rmdir(path);
    return rmdir(dir);
}

/* Open `name` on `channel`, expect `want`, read it through if it opened. */
static void open_and_close(const char *name, int channel, mot_status want)
{
    char path[256];
    char detail[256];
    path_of(path, sizeof path, name);
    mot_source *src = NULL;
    mot_status st = mot_source_open(path, channel, &src, detail, sizeof detail);
    assert_int_equal(st, want);
    if (st != MOT_OK) {
        assert_null(src);
        assert_true(detail[0] != '\0');
        return;
    }
    float block[MOT_SOURCE_BLOCK_FRAMES];
    size_t n = 0, total = 0;
    do {
        assert_int_equal(mot_source_read(src, block, &n, detail, sizeof detail), MOT_OK);
        total += n;
    } while (n > 0);
    assert_int_equal(total, 4000);
    mot_source_free(src);
}

static void test_each_descriptor_closed_once(void **state)
{
    (void)state;
    int before = open_descriptors();
    closed_twice = 0;
    for (int round = 0; round < 3; round++) {
        open_and_close("text.wav", 0, MOT_ERR_FORMAT); /* libsndfile rejects it */
        open_and_close("cut.wav", 0, MOT_ERR_FORMAT);
        open_and_close("empty.wav", 0, MOT_ERR_EMPTY); /* refused before libsndfile */
        open_and_close("folder.wav", 0, MOT_ERR_OPEN);
        open_and_close("missing.wav", 0, MOT_ERR_OPEN);
        open_and_close("stereo.wav", 2, MOT_ERR_CHANNEL); /* refused after libsndfile */
        open_and_close("mono.wav", 0, MOT_OK);
        open_and_close("unsized.wav", 0, MOT_OK); /* opened a second time, see source.c */
        open_and_close("stereo.wav", MOT_CHANNEL_MIX, MOT_OK);
    }
    assert_int_equal(closed_twice, 0);
    assert_int_equal(open_descriptors(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_descriptor_closed_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
