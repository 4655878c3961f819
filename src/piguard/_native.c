/* piguard._native: compiled kernels for the table hot path (optional; piguard.native falls back to polars).
 *
 * digests(pieces, n) -> bytes
 *     A 128-bit digest of each of n keys, a key being the concatenation of the pieces: a piece is either
 *     bytes (the same for every key) or a pair (offsets, data) of a column of strings in Arrow layout
 *     (n + 1 int64 offsets into the UTF-8 data). The key is never built: the pieces are hashed as one
 *     byte stream, so a key given whole and the same key given in pieces have the same digest.
 *
 * The hash is two 64-bit lanes over the stream in 8-byte words (multiply, rotate; each lane its own
 * constants and seed), each finished with the length and the other lane and avalanched. It is a
 * de-duplication hash for one scan, not a cryptographic one: the evidence table shows SHA-256.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define LANE1_SEED 0x7069677561726431ULL
#define LANE2_SEED 0x636F6E74656E7432ULL
#define M1 0x9E3779B185EBCA87ULL
#define M2 0xC2B2AE3D27D4EB4FULL
#define M3 0xD6E8FEB86659FD93ULL
#define M4 0xA0761D6478BD642FULL

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t avalanche(uint64_t x) {
    x ^= x >> 32;
    x *= M3;
    x ^= x >> 29;
    x *= M4;
    x ^= x >> 32;
    return x;
}

typedef struct {
    uint64_t a, b;       /* the lanes */
    uint64_t length;     /* bytes hashed so far */
    uint8_t tail[8];     /* bytes not yet forming a whole word */
    int held;
} Hash;

static inline void hash_start(Hash *h) {
    h->a = LANE1_SEED;
    h->b = LANE2_SEED;
    h->length = 0;
    h->held = 0;
}

static inline void hash_word(Hash *h, uint64_t w) {
    h->a = rotl(h->a ^ (w * M1), 31) * M2;
    h->b = rotl(h->b + (w * M3), 27) * M4 + 0x52DCE729ULL;
}

static void hash_bytes(Hash *h, const uint8_t *p, Py_ssize_t len) {
    h->length += (uint64_t)len;
    if (h->held) {
        while (len > 0 && h->held < 8) {
            h->tail[h->held++] = *p++;
            len--;
        }
        if (h->held < 8)
            return;
        uint64_t w;
        memcpy(&w, h->tail, 8);
        hash_word(h, w);
        h->held = 0;
    }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        hash_word(h, w);
        p += 8;
        len -= 8;
    }
    memcpy(h->tail, p, (size_t)len);
    h->held = (int)len;
}

static void hash_end(Hash *h, uint8_t out[16]) {
    if (h->held) {
        uint64_t w = 0;
        memcpy(&w, h->tail, (size_t)h->held);
        hash_word(h, w ^ ((uint64_t)h->held << 59));
    }
    uint64_t a = avalanche(h->a ^ h->length ^ rotl(h->b, 17));
    uint64_t b = avalanche(h->b + h->length * M1 + rotl(a, 23));
    memcpy(out, &a, 8);
    memcpy(out + 8, &b, 8);
}

typedef struct {
    Py_buffer data;
    Py_buffer offsets;     /* unused (len 0) for a constant piece */
    int column;
} Piece;

static void release(Piece *pieces, Py_ssize_t k) {
    for (Py_ssize_t i = 0; i < k; i++) {
        PyBuffer_Release(&pieces[i].data);
        if (pieces[i].column)
            PyBuffer_Release(&pieces[i].offsets);
    }
    PyMem_Free(pieces);
}

static PyObject *digests(PyObject *self, PyObject *args) {
    PyObject *seq;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "On", &seq, &n))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "digests: n must not be negative");
        return NULL;
    }
    PyObject *fast = PySequence_Fast(seq, "digests: pieces must be a sequence");
    if (!fast)
        return NULL;
    Py_ssize_t k = PySequence_Fast_GET_SIZE(fast);
    Piece *pieces = PyMem_Calloc((size_t)(k ? k : 1), sizeof(Piece));
    if (!pieces) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    Py_ssize_t got = 0;
    for (; got < k; got++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, got);
        Piece *pc = &pieces[got];
        if (PyTuple_Check(item) && PyTuple_GET_SIZE(item) == 2) {
            if (PyObject_GetBuffer(PyTuple_GET_ITEM(item, 0), &pc->offsets, PyBUF_SIMPLE) < 0)
                goto fail;
            if (PyObject_GetBuffer(PyTuple_GET_ITEM(item, 1), &pc->data, PyBUF_SIMPLE) < 0) {
                PyBuffer_Release(&pc->offsets);
                goto fail;
            }
            pc->column = 1;
            if (pc->offsets.len != (n + 1) * (Py_ssize_t)sizeof(int64_t)) {
                PyErr_Format(PyExc_ValueError, "digests: piece %zd has %zd bytes of offsets, expected %zd",
                             got, pc->offsets.len, (n + 1) * (Py_ssize_t)sizeof(int64_t));
                got++;
                goto fail;
            }
            const int64_t *off = (const int64_t *)pc->offsets.buf;
            int64_t prev = off[0];
            for (Py_ssize_t i = 1; i <= n; i++) {
                if (off[i] < prev || off[i] > (int64_t)pc->data.len) {
                    PyErr_Format(PyExc_ValueError, "digests: piece %zd: offset %zd out of order or past the data", got, i);
                    got++;
                    goto fail;
                }
                prev = off[i];
            }
            if (off[0] < 0) {
                PyErr_Format(PyExc_ValueError, "digests: piece %zd: negative offset", got);
                got++;
                goto fail;
            }
        } else {
            if (PyObject_GetBuffer(item, &pc->data, PyBUF_SIMPLE) < 0)
                goto fail;
            pc->column = 0;
        }
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * 16);
    if (!out)
        goto fail;
    uint8_t *dst = (uint8_t *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        Hash h;
        hash_start(&h);
        for (Py_ssize_t j = 0; j < k; j++) {
            const Piece *pc = &pieces[j];
            if (pc->column) {
                const int64_t *off = (const int64_t *)pc->offsets.buf;
                hash_bytes(&h, (const uint8_t *)pc->data.buf + off[i], (Py_ssize_t)(off[i + 1] - off[i]));
            } else {
                hash_bytes(&h, (const uint8_t *)pc->data.buf, pc->data.len);
            }
        }
        hash_end(&h, dst + 16 * i);
    }
    Py_END_ALLOW_THREADS
    release(pieces, k);
    Py_DECREF(fast);
    return out;
fail:
    release(pieces, got);
    Py_DECREF(fast);
    return NULL;
}

static PyMethodDef methods[] = {
    {"digests", digests, METH_VARARGS, "digests(pieces, n) -> bytes: n 16-byte digests of keys given in pieces"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", "piguard's compiled kernels", -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
