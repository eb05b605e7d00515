/*
 * The scale study's C side: replays the allocator suite's traces (pairs, random) against
 *   segregated  the same minimal segregated free-list allocator as bench/reference/segregated.ts
 *               (one LIFO list per 16-byte class up to 512 bytes, links in the blocks, heads in a
 *               33-entry array, blocks carved from 1 MiB chunks of mmap'd memory, free told the size);
 *   pymalloc    CPython's own PyObject_Malloc / PyObject_Free, from the libpython this file is linked
 *               against (an embedded, initialised interpreter: pymalloc is its default object allocator);
 *   pymalloc_debug  the same behind CPython's debug hooks (PyMem_SetupDebugHooks on the RAW, MEM and
 *               OBJ domains, as PYTHONMALLOC=pymalloc_debug installs them; swapped in with
 *               PyMem_SetAllocator for its rounds only, every block it hands out being freed
 *               within the same replay);
 *   glibc       malloc / free, for context.
 * Timing: the three are run in interleaved rounds (so a burst of load on the shared machine hits all of
 * them), each round replaying the trace `reps` times; the best round counts. Output: one JSON object
 * per trace on stdout, ns per operation for each allocator.
 *
 * Trace files (written by bench/cpython/run.ts): <dir>/<name>.sizes and <name>.slots, little-endian
 * int32 arrays with the format of bench/trace.ts (size > 0: malloc into slot; size < 0: free the block
 * of that slot, whose request was -size).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define SEG_MAX 512
#define SEG_CLASSES (SEG_MAX >> 4)
#define SEG_CHUNK (1 << 20)

typedef struct {
    char *heads[SEG_CLASSES + 1];
    char *top, *end;
} seg_t;

static char *seg_new_chunk(seg_t *s, size_t n) {
    char *c = mmap(NULL, SEG_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c == MAP_FAILED) return NULL;
    s->top = c + n;
    s->end = c + SEG_CHUNK;
    return c;
}

static inline void *seg_malloc(seg_t *s, int32_t size) {
    int c = (size + 15) >> 4;
    if (c == 0) c = 1;
    if (c > SEG_CLASSES) return NULL;
    char *p = s->heads[c];
    if (p != NULL) {
        s->heads[c] = *(char **)p;
        return p;
    }
    size_t n = (size_t)c << 4;
    if (s->top + n <= s->end) {
        p = s->top;
        s->top += n;
        return p;
    }
    return seg_new_chunk(s, n);
}

static inline void seg_free(seg_t *s, void *p, int32_t size) {
    if (p == NULL) return;
    int c = (size + 15) >> 4;
    if (c == 0) c = 1;
    *(char **)p = s->heads[c];
    s->heads[c] = p;
}

typedef struct {
    int32_t *sizes, *slots;
    size_t n;
    void **addr;
} trace_t;

static int32_t *read_ints(const char *path, size_t *count) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    int32_t *a = malloc((size_t)bytes);
    if (a == NULL || fread(a, 1, (size_t)bytes, f) != (size_t)bytes) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
    fclose(f);
    *count = (size_t)bytes / 4;
    return a;
}

static void load(trace_t *t, const char *dir, const char *name) {
    char path[4096];
    size_t ns, nk;
    snprintf(path, sizeof path, "%s/%s.sizes", dir, name);
    t->sizes = read_ints(path, &ns);
    snprintf(path, sizeof path, "%s/%s.slots", dir, name);
    t->slots = read_ints(path, &nk);
    if (ns != nk) { fprintf(stderr, "%s: sizes and slots differ in length\n", name); exit(2); }
    t->n = ns;
    int32_t maxslot = 0;
    for (size_t i = 0; i < t->n; i++) if (t->slots[i] > maxslot) maxslot = t->slots[i];
    t->addr = calloc((size_t)maxslot + 1, sizeof(void *));
}

/* One replay each; the noinline keeps each loop its own function, as each JS contender has its own
 * compiled replay. Returns the number of failed mallocs (always 0 on these traces). */
__attribute__((noinline)) static long replay_seg(trace_t *t, seg_t *s) {
    long failed = 0;
    for (size_t i = 0; i < t->n; i++) {
        int32_t z = t->sizes[i];
        if (z > 0) {
            void *p = seg_malloc(s, z);
            t->addr[t->slots[i]] = p;
            failed += p == NULL;
        } else {
            seg_free(s, t->addr[t->slots[i]], -z);
        }
    }
    return failed;
}

__attribute__((noinline)) static long replay_pymalloc(trace_t *t) {
    long failed = 0;
    for (size_t i = 0; i < t->n; i++) {
        int32_t z = t->sizes[i];
        if (z > 0) {
            void *p = PyObject_Malloc((size_t)z);
            t->addr[t->slots[i]] = p;
            failed += p == NULL;
        } else {
            PyObject_Free(t->addr[t->slots[i]]);
        }
    }
    return failed;
}

__attribute__((noinline)) static long replay_glibc(trace_t *t) {
    long failed = 0;
    for (size_t i = 0; i < t->n; i++) {
        int32_t z = t->sizes[i];
        if (z > 0) {
            void *p = malloc((size_t)z);
            t->addr[t->slots[i]] = p;
            failed += p == NULL;
        } else {
            free(t->addr[t->slots[i]]);
        }
    }
    return failed;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

enum { SEG, PYM, PYM_DEBUG, GLIBC, KINDS };
static const char *const NAMES[KINDS] = {"segregated", "pymalloc", "pymalloc_debug", "glibc"};

/* The allocators of the three domains, plain (as the interpreter started) and with debug hooks. */
static PyMemAllocatorEx plain[3], debug[3];
static const PyMemAllocatorDomain DOMAINS[3] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ};

static void use(PyMemAllocatorEx *set) {
    for (int d = 0; d < 3; d++) PyMem_SetAllocator(DOMAINS[d], &set[d]);
}

static long replay(int kind, trace_t *t, seg_t *s) {
    long failed;
    switch (kind) {
    case SEG: return replay_seg(t, s);
    case PYM: return replay_pymalloc(t);
    case PYM_DEBUG:
        use(debug);
        failed = replay_pymalloc(t);
        use(plain);
        return failed;
    default: return replay_glibc(t);
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s <trace-dir> <rounds> <reps-per-round> <trace-name>...\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int rounds = atoi(argv[2]), reps = atoi(argv[3]);
    Py_InitializeEx(0);
    for (int d = 0; d < 3; d++) PyMem_GetAllocator(DOMAINS[d], &plain[d]);
    PyMem_SetupDebugHooks();
    for (int d = 0; d < 3; d++) PyMem_GetAllocator(DOMAINS[d], &debug[d]);
    use(plain);
    for (int a = 4; a < argc; a++) {
        trace_t t;
        load(&t, dir, argv[a]);
        seg_t seg;
        memset(&seg, 0, sizeof seg);
        double best[KINDS];
        long failed = 0;
        for (int k = 0; k < KINDS; k++) {
            best[k] = 1e300;
            for (int w = 0; w < reps; w++) failed += replay(k, &t, &seg); /* warm-up */
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < KINDS; k++) {
                double t0 = now_ns();
                for (int i = 0; i < reps; i++) failed += replay(k, &t, &seg);
                double ns = (now_ns() - t0) / ((double)reps * (double)t.n);
                if (ns < best[k]) best[k] = ns;
            }
        }
        printf("{\"trace\":\"%s\",\"ops\":%zu,\"failed\":%ld", argv[a], t.n, failed);
        for (int k = 0; k < KINDS; k++) printf(",\"%s\":%.4f", NAMES[k], best[k]);
        printf("}\n");
        free(t.sizes);
        free(t.slots);
        free(t.addr);
    }
    Py_Finalize();
    return 0;
}
