/* piguard._native: compiled kernels for the table hot path (optional; piguard.native falls back to polars).
 *
 * digests(pieces, n, rows=None) -> bytes
 *     A 128-bit digest of each of n keys, a key being the concatenation of the pieces: a piece is either
 *     bytes (the same for every key) or a pair (offsets, data) of a column of strings in Arrow layout
 *     (int64 offsets into the UTF-8 data: n + 1 of them, or, with rows (n int64 row numbers), as many as
 *     the column has rows plus one, key i taking row rows[i]). The key is never built: the pieces are
 *     hashed as one byte stream, so a key given whole and the same key given in pieces have the same
 *     digest.
 *
 * The hash is two 64-bit lanes over the key in 16-byte blocks, each block folding a 128-bit product
 * into each lane, finished with the length and the other lane and avalanched. It is a de-duplication
 * hash for one scan, not a cryptographic one: the evidence table shows SHA-256.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* constants with a 0xFF byte, which UTF-8 never holds: a word of key bytes is never equal to one */
#define K0 0x9E3779B97F4A7CFFULL
#define K1 0xFFB2AE3D27D4EB4FULL
#define K2 0x165667B1FF5E3A8DULL
#define K3 0xD6E8FEB8FF59FD93ULL
#define M3 0xD6E8FEB86659FD93ULL
#define M4 0xA0761D6478BD642FULL

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* the two halves of a 128-bit product, folded */
static inline uint64_t fold(uint64_t x, uint64_t y) {
    __uint128_t p = (__uint128_t)x * y;
    return (uint64_t)p ^ (uint64_t)(p >> 64);
}

static inline uint64_t avalanche(uint64_t x) {
    x ^= x >> 32;
    x *= M3;
    x ^= x >> 29;
    x *= M4;
    x ^= x >> 32;
    return x;
}

static inline uint64_t word(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* two lanes over 16-byte blocks, each block folding a 128-bit product into each lane; the last block
 * is zero-padded and the length goes into the finish */
static void hash128(const uint8_t *p, size_t len, uint8_t out[16]) {
    uint64_t a = 0x7069677561726431ULL, b = 0x636F6E74656E7432ULL;
    size_t left = len;
    while (left >= 16) {
        uint64_t w0 = word(p), w1 = word(p + 8);
        a = fold(w0 ^ a ^ K0, w1 ^ K1);
        b = fold(w1 ^ b ^ K2, w0 ^ K3) + rotl(a, 21);
        p += 16;
        left -= 16;
    }
    if (left) {
        uint8_t last[16] = {0};
        memcpy(last, p, left);
        uint64_t w0 = word(last), w1 = word(last + 8);
        a = fold(w0 ^ a ^ K0, w1 ^ K1);
        b = fold(w1 ^ b ^ K2, w0 ^ K3) + rotl(a, 21);
    }
    uint64_t x = avalanche(a ^ (uint64_t)len ^ rotl(b, 17));
    uint64_t y = avalanche(b + (uint64_t)len * M3 + rotl(x, 23));
    memcpy(out, &x, 8);
    memcpy(out + 8, &y, 8);
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
    PyObject *seq, *rows_obj = Py_None;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "On|O", &seq, &n, &rows_obj))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "digests: n must not be negative");
        return NULL;
    }
    Py_buffer rows_b = {0};
    const int64_t *rows = NULL;
    if (rows_obj != Py_None) {
        if (PyObject_GetBuffer(rows_obj, &rows_b, PyBUF_SIMPLE) < 0)
            return NULL;
        if (rows_b.len != n * (Py_ssize_t)sizeof(int64_t)) {
            PyBuffer_Release(&rows_b);
            PyErr_SetString(PyExc_ValueError, "digests: rows must be n int64 row numbers");
            return NULL;
        }
        rows = (const int64_t *)rows_b.buf;
    }
    PyObject *fast = PySequence_Fast(seq, "digests: pieces must be a sequence");
    if (!fast) {
        if (rows)
            PyBuffer_Release(&rows_b);
        return NULL;
    }
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
            Py_ssize_t m = pc->offsets.len / (Py_ssize_t)sizeof(int64_t) - 1;      /* the column's rows */
            if (rows ? (m < 0 || pc->offsets.len % (Py_ssize_t)sizeof(int64_t)) : m != n) {
                PyErr_Format(PyExc_ValueError, "digests: piece %zd has %zd bytes of offsets, expected %zd",
                             got, pc->offsets.len, (n + 1) * (Py_ssize_t)sizeof(int64_t));
                got++;
                goto fail;
            }
            const int64_t *off = (const int64_t *)pc->offsets.buf;
            /* the offsets of every row read (only those: a column is read at a few rows many times over) */
            for (Py_ssize_t i = 0; i < n; i++) {
                Py_ssize_t r = rows ? (Py_ssize_t)rows[i] : i;
                if (r < 0 || r >= m) {
                    PyErr_Format(PyExc_ValueError, "digests: row %zd of key %zd is not a row of piece %zd", r, i, got);
                    got++;
                    goto fail;
                }
                if (off[r] < 0 || off[r + 1] < off[r] || off[r + 1] > (int64_t)pc->data.len) {
                    PyErr_Format(PyExc_ValueError, "digests: piece %zd: the offsets of row %zd are negative, out of order or past the data",
                                 got, r);
                    got++;
                    goto fail;
                }
            }
        } else {
            if (PyObject_GetBuffer(item, &pc->data, PyBUF_SIMPLE) < 0)
                goto fail;
            pc->column = 0;
        }
    }
    size_t longest = 0;                   /* the longest key, for one scratch buffer */
    for (Py_ssize_t i = 0; i < n && k; i++) {
        size_t len = 0;
        for (Py_ssize_t j = 0; j < k; j++) {
            const Piece *pc = &pieces[j];
            if (pc->column) {
                const int64_t *off = (const int64_t *)pc->offsets.buf;
                Py_ssize_t r = rows ? (Py_ssize_t)rows[i] : i;
                len += (size_t)(off[r + 1] - off[r]);
            } else {
                len += (size_t)pc->data.len;
            }
        }
        if (len > longest)
            longest = len;
    }
    uint8_t *scratch = PyMem_RawMalloc(longest + 16);
    PyObject *out = scratch ? PyBytes_FromStringAndSize(NULL, n * 16) : PyErr_NoMemory();
    if (!out) {
        PyMem_RawFree(scratch);
        goto fail;
    }
    uint8_t *dst = (uint8_t *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        size_t len = 0;
        for (Py_ssize_t j = 0; j < k; j++) {
            const Piece *pc = &pieces[j];
            const uint8_t *src;
            size_t m;
            if (pc->column) {
                const int64_t *off = (const int64_t *)pc->offsets.buf;
                Py_ssize_t r = rows ? (Py_ssize_t)rows[i] : i;
                src = (const uint8_t *)pc->data.buf + off[r];
                m = (size_t)(off[r + 1] - off[r]);
            } else {
                src = (const uint8_t *)pc->data.buf;
                m = (size_t)pc->data.len;
            }
            memcpy(scratch + len, src, m);
            len += m;
        }
        hash128(scratch, len, dst + 16 * i);
    }
    Py_END_ALLOW_THREADS
    PyMem_RawFree(scratch);
    release(pieces, k);
    Py_DECREF(fast);
    if (rows)
        PyBuffer_Release(&rows_b);
    return out;
fail:
    release(pieces, got);
    Py_DECREF(fast);
    if (rows)
        PyBuffer_Release(&rows_b);
    return NULL;
}

/* ---- identifier columns ------------------------------------------------------------------------------
 *
 * identifier_column(kind, offsets, data, n, lut, lut_base, table, today, earliest, prefixes)
 *     -> (status, repeated, python, out_offsets, out_data)
 *
 * The kernel of piguard.detect.vectorized's mobile (kind 0), resident ID (1) and bank card (2) columns,
 * decided as those functions decide them with numpy and polars (the tests compare both on every cell):
 * each cell folded (lut: code points lut_base.. → their fold), without space, tab and dash, ASCII letters
 * upper-cased; for mobiles longer than 11 characters "(+86)" removed and a +86 / 0086 / 86 prefix before
 * exactly eleven characters dropped. Per cell: status (0 none, 1 valid, 2 invalid, 3 masked), whether it
 * is six or more of one character, the cleaned value (Arrow layout), and whether Python must decide it
 * (python = 1: a character outside ASCII and the caseless CJK ranges, whose upper case is Unicode's).
 * table: mobile, 1000 bytes (allocated 3-digit blocks); resident ID, 100 bytes (province codes).
 * today: yyyymmdd, the latest birth date; earliest: the earliest birth year; prefixes: bank issuers.
 */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
} Bytes;

static int bytes_reserve(Bytes *b, size_t more) {
    if (b->len + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + more)
        cap *= 2;
    uint8_t *nb = PyMem_RawRealloc(b->buf, cap);
    if (!nb)
        return -1;
    b->buf = nb;
    b->cap = cap;
    return 0;
}

static inline int caseless(uint32_t c) {
    return c < 0x80 || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
           || (c >= 0xFF00 && c <= 0xFFEF);
}

/* one code point from UTF-8 at p (len bytes left); *used = bytes taken; 0xFFFD and flag on a bad sequence */
static inline uint32_t decode(const uint8_t *p, Py_ssize_t len, int *used, int *bad) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) {
        *used = 1;
        return b0;
    }
    int k = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
    if (k == 0 || k > len) {
        *used = 1;
        *bad = 1;
        return 0xFFFD;
    }
    uint32_t c = b0 & (0x7F >> k);
    for (int i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *used = 1;
            *bad = 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    *used = k;
    return c;
}

static inline void encode(Bytes *out, uint32_t c) {
    uint8_t *q = out->buf + out->len;
    if (c < 0x80) {
        q[0] = (uint8_t)c;
        out->len += 1;
    } else if (c < 0x800) {
        q[0] = (uint8_t)(0xC0 | (c >> 6));
        q[1] = (uint8_t)(0x80 | (c & 0x3F));
        out->len += 2;
    } else if (c < 0x10000) {
        q[0] = (uint8_t)(0xE0 | (c >> 12));
        q[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        q[2] = (uint8_t)(0x80 | (c & 0x3F));
        out->len += 3;
    } else {
        q[0] = (uint8_t)(0xF0 | (c >> 18));
        q[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
        q[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        q[3] = (uint8_t)(0x80 | (c & 0x3F));
        out->len += 4;
    }
}

/* the fold table (lut: code points base .. base + len - 1 → their fold) with a bitmap of the code points
 * it changes, so that the common character (a Han character, an ASCII one) costs one bit test */
typedef struct {
    uint64_t bits[1024];
    const uint32_t *lut;
    uint32_t base;
    Py_ssize_t len;
} Fold;

static void fold_init(Fold *f, const uint32_t *lut, Py_ssize_t len, long base) {
    memset(f->bits, 0, sizeof(f->bits));
    f->lut = lut;
    f->base = (uint32_t)base;
    f->len = len;
    for (Py_ssize_t i = 0; i < len; i++) {
        uint32_t c = (uint32_t)base + (uint32_t)i;
        if (lut[i] != c && c < 0x10000)
            f->bits[c >> 6] |= 1ULL << (c & 63);
    }
}

static inline uint32_t fold_cp(const Fold *f, uint32_t c, int *changed) {
    if (c < 0x10000 ? (f->bits[c >> 6] >> (c & 63)) & 1 : (c >= f->base && c - f->base < (uint32_t)f->len && f->lut[c - f->base] != c)) {
        *changed = 1;
        return f->lut[c - f->base];
    }
    return c;
}

/* The fold table and the word tables are the same on every call (module constants of piguard): each is built
 * once and kept for the life of the process, keyed by the Python object that holds it (kept alive by a
 * reference the cache holds) and its buffer. A small batch (a file of twenty rows) would otherwise spend most
 * of its time building them (65,000 fold entries, 400 KB of word tables). A slot, once filled, is never
 * changed, so a kernel running without the GIL can use it while another call looks it up; with every slot
 * taken, a call builds its own. Filled with the GIL held. */
#define CACHE_SLOTS 8
typedef struct {
    PyObject *owner;
    const void *buf;
    Py_ssize_t len;
    long base;
    Fold fold;
} FoldSlot;
static FoldSlot *fold_slots[CACHE_SLOTS];

/* the fold of lut_b (from base), cached, or built into *own when no slot is free */
static const Fold *fold_of(const Py_buffer *lut_b, long base, Fold *own) {
    int k;
    for (k = 0; k < CACHE_SLOTS && fold_slots[k]; k++) {
        FoldSlot *slot = fold_slots[k];
        if (slot->owner == lut_b->obj && slot->buf == lut_b->buf && slot->len == lut_b->len && slot->base == base)
            return &slot->fold;
    }
    if (k < CACHE_SLOTS && lut_b->obj) {
        FoldSlot *slot = PyMem_RawMalloc(sizeof(FoldSlot));
        if (slot) {
            Py_INCREF(lut_b->obj);
            slot->owner = lut_b->obj;
            slot->buf = lut_b->buf;
            slot->len = lut_b->len;
            slot->base = base;
            fold_init(&slot->fold, (const uint32_t *)lut_b->buf, lut_b->len / 4, base);
            fold_slots[k] = slot;
            return &slot->fold;
        }
    }
    fold_init(own, (const uint32_t *)lut_b->buf, lut_b->len / 4, base);
    return own;
}

/* a column of strings in Arrow layout, checked: n + 1 ascending offsets within the data */
typedef struct {
    const int64_t *off;
    const uint8_t *data;
    Py_ssize_t n, longest;      /* rows; bytes of the longest cell */
} Cells;

static int cells_from(Cells *c, const Py_buffer *off_b, const Py_buffer *data_b, Py_ssize_t n, const char *who) {
    c->off = (const int64_t *)off_b->buf;
    c->data = (const uint8_t *)data_b->buf;
    c->n = n;
    c->longest = 0;
    if (n < 0 || off_b->len != (n + 1) * (Py_ssize_t)sizeof(int64_t) || c->off[0] < 0) {
        PyErr_Format(PyExc_ValueError, "%s: the offsets do not fit %zd rows", who, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (c->off[i + 1] < c->off[i] || c->off[i + 1] > (int64_t)data_b->len) {
            PyErr_Format(PyExc_ValueError, "%s: offset %zd out of order or past the data", who, i);
            return -1;
        }
        if (c->off[i + 1] - c->off[i] > c->longest)
            c->longest = (Py_ssize_t)(c->off[i + 1] - c->off[i]);
    }
    return 0;
}

/* the code points of cell i, folded, into cp; returns how many; *changed when the fold changed one */
static inline Py_ssize_t cell_codes(const Cells *c, Py_ssize_t i, const Fold *fold, uint32_t *cp, int *changed, int *bad) {
    const uint8_t *p = c->data + c->off[i];
    Py_ssize_t left = (Py_ssize_t)(c->off[i + 1] - c->off[i]), len = 0;
    while (left > 0) {
        int used;
        uint32_t ch = decode(p, left, &used, bad);
        p += used;
        left -= used;
        cp[len++] = fold_cp(fold, ch, changed);
    }
    return len;
}

/* append cell i's value and set its end in out_off: its bytes as they came when as_came, else v
 * encoded; -1 when out of memory */
static inline int put_value(Bytes *out, int64_t *out_off, const Cells *c, Py_ssize_t i, const uint32_t *v, Py_ssize_t len,
                            int as_came) {
    if (bytes_reserve(out, (size_t)len * 4 + (size_t)(c->off[i + 1] - c->off[i])) < 0)
        return -1;
    if (as_came) {
        memcpy(out->buf + out->len, c->data + c->off[i], (size_t)(c->off[i + 1] - c->off[i]));
        out->len += (size_t)(c->off[i + 1] - c->off[i]);
    } else {
        for (Py_ssize_t j = 0; j < len; j++)
            encode(out, v[j]);
    }
    out_off[i + 1] = (int64_t)out->len;
    return 0;
}

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
static const int DAYS[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const int ID_WEIGHTS[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char ID_CHECK[] = "10X98765432";

/* the first `width` code points equal the first (a NUL counts as equal, as the zero padding of the grid) */
static inline int repeats(const uint32_t *cp, Py_ssize_t len, int width) {
    if (len < 6)
        return 0;
    Py_ssize_t w = len < width ? len : width;
    for (Py_ssize_t i = 1; i < w; i++)
        if (cp[i] != cp[0] && cp[i] != 0)
            return 0;
    return 1;
}

static int8_t mobile_status(const uint32_t *cp, Py_ssize_t len, const uint8_t *allocated) {
    if (len != 11)
        return 0;
    int digits = 1;
    for (int i = 0; i < 11; i++)
        digits &= IS_DIGIT(cp[i]);
    int head = 1;
    for (int i = 0; i < 3; i++)
        head &= IS_DIGIT(cp[i]);
    int block = head ? (int)((cp[0] - '0') * 100 + (cp[1] - '0') * 10 + (cp[2] - '0')) : -1;
    if (digits)
        return allocated[block] ? 1 : 2;
    if (!head || !allocated[block])
        return 0;
    for (int i = 3; i < 7; i++)
        if (cp[i] != '*')
            return 0;
    for (int i = 7; i < 11; i++)
        if (!IS_DIGIT(cp[i]))
            return 0;
    return 3;
}

static int8_t resident_status(const uint32_t *cp, Py_ssize_t len, const uint8_t *provinces, long today, long earliest) {
    int d[18];
    int digit17 = 1, star = 0;
    for (int i = 0; i < 18; i++) {
        uint32_t c = i < len ? cp[i] : 0;
        d[i] = IS_DIGIT(c) ? (int)(c - '0') : 0;
        if (i < 17)
            digit17 &= IS_DIGIT(c);
        star |= c == '*';
    }
    int region_ok = provinces[d[0] * 10 + d[1]] || d[0] == 9;
    if (len == 18 && digit17 && (IS_DIGIT(cp[17]) || cp[17] == 'X')) {
        long year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
        int month = d[10] * 10 + d[11], day = d[12] * 10 + d[13];
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int limit = (month == 2 && !leap) ? 28 : DAYS[month > 12 ? 12 : month];
        long born = year * 10000 + month * 100 + day;
        int date_ok = month >= 1 && month <= 12 && day >= 1 && day <= limit && year >= earliest && born <= today;
        if (date_ok && region_ok) {
            int sum = 0;
            for (int i = 0; i < 17; i++)
                sum += d[i] * ID_WEIGHTS[i];
            return (uint32_t)ID_CHECK[sum % 11] == cp[17] ? 1 : 2;
        }
    }
    return ((len == 18 || len == 15) && star && region_ok) ? 3 : 0;
}

#define MAX_PREFIXES 64
#define MAX_PREFIX 8
typedef struct {
    int count;
    int len[MAX_PREFIXES];
    uint8_t text[MAX_PREFIXES][MAX_PREFIX];
} Prefixes;

static int8_t bank_status(const uint32_t *cp, Py_ssize_t len, const Prefixes *prefixes) {
    int issuer = 0;
    for (int k = 0; k < prefixes->count && !issuer; k++) {
        if (prefixes->len[k] > len)
            continue;
        int same = 1;
        for (int i = 0; i < prefixes->len[k]; i++)
            same &= cp[i] == prefixes->text[k][i];
        issuer = same;
    }
    if (!issuer)
        return 0;
    int valid_len = len >= 13 && len <= 19;
    int digits = valid_len, star = 0, sum = 0;
    for (Py_ssize_t i = 0; i < 19; i++) {
        uint32_t c = i < len ? cp[i] : 0;
        star |= c == '*';
        if (i >= len)
            continue;
        if (!IS_DIGIT(c)) {
            digits = 0;
            continue;
        }
        int v = (int)(c - '0');
        if ((len - 1 - i) % 2 == 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    if (digits)
        return sum % 10 == 0 ? 1 : 2;
    return (valid_len && star) ? 3 : 0;
}

static PyObject *identifier_column(PyObject *self, PyObject *args) {
    int kind;
    Py_buffer off_b, data_b, lut_b, table_b;
    Py_ssize_t n;
    long lut_base, today, earliest;
    PyObject *prefixes;
    if (!PyArg_ParseTuple(args, "iy*y*ny*ly*llO!", &kind, &off_b, &data_b, &n, &lut_b, &lut_base, &table_b, &today,
                          &earliest, &PyTuple_Type, &prefixes))
        return NULL;
    PyObject *result = NULL;
    uint8_t *status = NULL, *rep = NULL, *python = NULL;
    int64_t *out_off = NULL;
    uint32_t *cp = NULL;
    Bytes out = {0};
    const int width = kind == 0 ? 11 : kind == 1 ? 18 : 19;
    Py_ssize_t table_need = kind == 0 ? 1000 : kind == 1 ? 100 : 0;
    if (kind < 0 || kind > 2 || table_b.len < table_need || lut_b.len % 4) {
        PyErr_SetString(PyExc_ValueError, "identifier_column: bad kind, table or fold table");
        goto done;
    }
    Prefixes issuers = {0};
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(prefixes); k++) {
        PyObject *p = PyTuple_GET_ITEM(prefixes, k);
        if (!PyBytes_Check(p) || PyBytes_GET_SIZE(p) > MAX_PREFIX || k >= MAX_PREFIXES) {
            PyErr_SetString(PyExc_ValueError, "identifier_column: prefixes must be at most 64 bytes objects of at most 8 bytes");
            goto done;
        }
        issuers.len[k] = (int)PyBytes_GET_SIZE(p);
        memcpy(issuers.text[k], PyBytes_AS_STRING(p), (size_t)issuers.len[k]);
        issuers.count = (int)k + 1;
    }
    Cells cells;
    if (cells_from(&cells, &off_b, &data_b, n, "identifier_column") < 0)
        goto done;
    const uint8_t *table = (const uint8_t *)table_b.buf;
    status = PyMem_RawMalloc((size_t)n + 1);
    rep = PyMem_RawMalloc((size_t)n + 1);
    python = PyMem_RawMalloc((size_t)n + 1);
    out_off = PyMem_RawMalloc(sizeof(int64_t) * ((size_t)n + 1));
    cp = PyMem_RawMalloc(sizeof(uint32_t) * ((size_t)cells.longest + 1));
    if (!status || !rep || !python || !out_off || !cp || bytes_reserve(&out, (size_t)data_b.len + 16) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    int failed = 0;
    Fold own_fold;
    const Fold *fold = fold_of(&lut_b, lut_base, &own_fold);
    Py_BEGIN_ALLOW_THREADS
    out_off[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int flag = 0, changed = 0;
        Py_ssize_t got = cell_codes(&cells, i, fold, cp, &changed, &flag), len = 0;
        for (Py_ssize_t j = 0; j < got; j++) {      /* without separators, ASCII letters upper-cased */
            uint32_t c = cp[j];
            if (c == ' ' || c == '\t' || c == '-') {
                changed = 1;
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c -= 32;
                changed = 1;
            } else if (!caseless(c)) {
                flag = 1;
            }
            cp[len++] = c;
        }
        Py_ssize_t raw = len;
        const uint32_t *v = cp;
        if (kind == 0 && len > 11) {
            Py_ssize_t m = 0;                       /* "(+86)" removed, left to right, not overlapping */
            for (Py_ssize_t j = 0; j < len;) {
                if (j + 5 <= len && cp[j] == '(' && cp[j + 1] == '+' && cp[j + 2] == '8' && cp[j + 3] == '6' && cp[j + 4] == ')') {
                    j += 5;
                    continue;
                }
                cp[m++] = cp[j++];
            }
            len = m;
            if (len == 14 && cp[0] == '+' && cp[1] == '8' && cp[2] == '6') {
                v += 3;
                len = 11;
            } else if (len == 15 && cp[0] == '0' && cp[1] == '0' && cp[2] == '8' && cp[3] == '6') {
                v += 4;
                len = 11;
            } else if (len == 13 && cp[0] == '8' && cp[1] == '6') {
                v += 2;
                len = 11;
            }
        }
        status[i] = (uint8_t)(kind == 0 ? mobile_status(v, len, table)
                              : kind == 1 ? resident_status(v, len, table, today, earliest) : bank_status(v, len, &issuers));
        rep[i] = (uint8_t)repeats(v, len, width);
        python[i] = (uint8_t)flag;
        if (put_value(&out, out_off, &cells, i, v, len, !changed && len == raw && v == cp) < 0) {   /* as it came, if unchanged */
            failed = 1;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    result = Py_BuildValue("(y#y#y#y#y#)", (const char *)status, n, (const char *)rep, n, (const char *)python, n,
                           (const char *)out_off, (n + 1) * (Py_ssize_t)sizeof(int64_t), (const char *)(out.buf ? out.buf : (uint8_t *)""),
                           (Py_ssize_t)out.len);
done:
    PyBuffer_Release(&off_b);
    PyBuffer_Release(&data_b);
    PyBuffer_Release(&lut_b);
    PyBuffer_Release(&table_b);
    PyMem_RawFree(status);
    PyMem_RawFree(rep);
    PyMem_RawFree(python);
    PyMem_RawFree(out_off);
    PyMem_RawFree(cp);
    PyMem_RawFree(out.buf);
    return result;
}

/* ---- name and address columns ----------------------------------------------------------------------
 *
 * text_column(kind, offsets, data, n, lut, lut_base, space, tables) -> (status, repeated, out_offsets, out_data)
 *
 * The kernel of piguard.detect.vectorized's name (kind 0) and address (kind 1) columns, decided as those
 * functions decide them in polars (the tests compare both): each cell folded (lut) and stripped of white
 * space (space: one byte per code point below len(space), 1 for white space); null and blank cells
 * become empty strings. Names: tables = (single surnames, compound surnames as c0 << 32 | c1, single
 * characters that follow a name, mask characters), sorted uint64 arrays of code points; status 1 a name, 3 a
 * masked name. Addresses: tables = (max_len, stop words, street parts, strong street parts), words as
 * tuples of str; status 1 when the cell is shaped like an address (4 to max_len characters of Han but 的, ASCII
 * letters and digits, # ( ) （ ） -, no stop word from its third character on) and reaches a door: a
 * strong street part, or, with a digit, a street part; status 3 when such an address is a template or pseudonymised
 * (XX or 某 in it). repeated: the value is six or more of one character.
 */

#define MAX_WORDS 256
#define MAX_WORD 8
typedef struct {
    int count;
    int len[MAX_WORDS];
    uint32_t cp[MAX_WORDS][MAX_WORD];
    uint64_t first[1024];          /* the first code points of the words (BMP), as bits */
    int16_t head[0x10000];         /* per first code point, the first word starting with it, or -1 */
    int16_t next[MAX_WORDS];       /* the next word with the same first code point, or -1 */
} Words;

static int words_from(PyObject *tuple, Words *w, const char *what) {
    memset(w, 0, sizeof(Words));
    memset(w->head, 0xFF, sizeof(w->head));
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) > MAX_WORDS) {
        PyErr_Format(PyExc_ValueError, "text_column: %s must be a tuple of at most %d words", what, MAX_WORDS);
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(tuple); k++) {
        PyObject *word = PyTuple_GET_ITEM(tuple, k);
        if (!PyUnicode_Check(word) || PyUnicode_GET_LENGTH(word) < 1 || PyUnicode_GET_LENGTH(word) > MAX_WORD) {
            PyErr_Format(PyExc_ValueError, "text_column: %s: words of 1 to %d characters", what, MAX_WORD);
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(word);
        for (Py_ssize_t i = 0; i < len; i++)
            w->cp[k][i] = PyUnicode_READ_CHAR(word, i);
        if (w->cp[k][0] >= 0x10000) {
            PyErr_Format(PyExc_ValueError, "text_column: %s: a word must start in the BMP", what);
            return -1;
        }
        w->len[k] = (int)len;
        w->first[w->cp[k][0] >> 6] |= 1ULL << (w->cp[k][0] & 63);
        w->next[k] = w->head[w->cp[k][0]];
        w->head[w->cp[k][0]] = (int16_t)k;
        w->count = (int)k + 1;
    }
    return 0;
}

/* the word table of a tuple of words, cached as the fold table is (see fold_of), keyed by the tuple; when no
 * slot is free it is built into *own, which the caller frees. NULL with an exception set on failure. */
typedef struct {
    PyObject *tuple;
    Words words;
} WordsSlot;
static WordsSlot *words_slots[CACHE_SLOTS];

static const Words *words_of(PyObject *tuple, const char *what, Words **own) {
    int k;
    *own = NULL;
    for (k = 0; k < CACHE_SLOTS && words_slots[k]; k++)
        if (words_slots[k]->tuple == tuple)
            return &words_slots[k]->words;
    if (k < CACHE_SLOTS) {
        WordsSlot *slot = PyMem_RawMalloc(sizeof(WordsSlot));
        if (!slot) {
            PyErr_NoMemory();
            return NULL;
        }
        if (words_from(tuple, &slot->words, what) < 0) {
            PyMem_RawFree(slot);
            return NULL;
        }
        Py_INCREF(tuple);
        slot->tuple = tuple;
        words_slots[k] = slot;
        return &slot->words;
    }
    *own = PyMem_RawMalloc(sizeof(Words));
    if (!*own) {
        PyErr_NoMemory();
        return NULL;
    }
    return words_from(tuple, *own, what) < 0 ? NULL : *own;
}

/* does a word occur in cp[from:len]? */
static int has_word(const Words *w, const uint32_t *cp, Py_ssize_t from, Py_ssize_t len) {
    for (Py_ssize_t i = from; i < len; i++) {
        if (cp[i] >= 0x10000 || !((w->first[cp[i] >> 6] >> (cp[i] & 63)) & 1))
            continue;
        for (int k = w->head[cp[i]]; k >= 0; k = w->next[k]) {
            if (i + w->len[k] > len)
                continue;
            int same = 1;
            for (int j = 1; j < w->len[k] && same; j++)
                same = cp[i + j] == w->cp[k][j];
            if (same)
                return 1;
        }
    }
    return 0;
}

/* is c in the sorted set? */
static int in_set(const uint64_t *set, Py_ssize_t n, uint64_t c) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (set[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && set[lo] == c;
}

#define IS_HAN(c) ((c) >= 0x4E00 && (c) <= 0x9FFF)

typedef struct {
    const uint64_t *single, *compound, *followers, *mask;
    Py_ssize_t n_single, n_compound, n_followers, n_mask;
    /* the same sets as bitmaps over the BMP (a compound surname by its first character), so that a cell
     * costs a bit test per character, not a binary search */
    uint64_t single_bits[1024], compound_bits[1024], follower_bits[1024], mask_bits[1024];
} NameSets;

static void bits_of(uint64_t *bits, const uint64_t *set, Py_ssize_t n, int shift) {
    memset(bits, 0, 1024 * sizeof(uint64_t));
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t c = set[i] >> shift;
        if (c < 0x10000)
            bits[c >> 6] |= 1ULL << (c & 63);
    }
}

static inline int in_bits(const uint64_t *bits, const uint64_t *set, Py_ssize_t n, uint64_t c) {
    return c < 0x10000 ? (int)((bits[c >> 6] >> (c & 63)) & 1) : in_set(set, n, c);
}

static int all_mask(const NameSets *ns, const uint32_t *cp, Py_ssize_t from, Py_ssize_t len) {
    Py_ssize_t tail = len - from;
    if (tail < 1 || tail > 2)
        return 0;
    for (Py_ssize_t i = from; i < len; i++)
        if (!in_bits(ns->mask_bits, ns->mask, ns->n_mask, cp[i]))
            return 0;
    return 1;
}

static int8_t name_status(const NameSets *ns, const uint32_t *cp, Py_ssize_t len) {
    if (len < 2 || len > 4)
        return 0;
    int two = (cp[0] >= 0x10000 || ((ns->compound_bits[cp[0] >> 6] >> (cp[0] & 63)) & 1))
              && in_set(ns->compound, ns->n_compound, ((uint64_t)cp[0] << 32) | cp[1]);
    int one = in_bits(ns->single_bits, ns->single, ns->n_single, cp[0]);
    if ((two && all_mask(ns, cp, 2, len)) || (one && all_mask(ns, cp, 1, len)))
        return 3;
    int surname = two ? 2 : one ? 1 : 0;
    if (!surname)
        return 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (!IS_HAN(cp[i]))
            return 0;
    if (len == surname + 1)
        return 1;
    if (len == surname + 2 && !in_bits(ns->follower_bits, ns->followers, ns->n_followers, cp[len - 1]))
        return 1;
    return 0;
}

static inline int level_end(uint32_t c) {       /* 省 市 区 县 旗 州 盟 镇 乡 */
    return c == 0x7701 || c == 0x5E02 || c == 0x533A || c == 0x53BF || c == 0x65D7 || c == 0x5DDE || c == 0x76DF
           || c == 0x9547 || c == 0x4E61;
}

static inline int address_char(uint32_t c);

/* may a space stand between two parts of an address, after p2 p1 and before next (as
 * piguard.detect.addresses.spaced_end decides): after an administrative level or 街道, or after 路 街 巷 道
 * when a number follows */
static inline int part_space(uint32_t p2, uint32_t p1, uint32_t next) {
    int road = p1 == 0x8DEF || p1 == 0x8857 || p1 == 0x5DF7 || p1 == 0x9053;      /* 路 街 巷 道 */
    return level_end(p1) || (p2 == 0x8857 && p1 == 0x9053) || (road && IS_DIGIT(next));
}

/* an address written with spaces between its parts (浙江省 杭州市 西湖区 文三路 478号), as
 * piguard.detect.addresses.spaced_end reads it: a space (or U+3000) after an administrative level or 街道,
 * or after 路 街 巷 道 before a digit, followed by an address character, is dropped from v in place (and
 * *changed set). Returns the length left, or 0 (v untouched) when a space stands anywhere else: the text
 * detector decides such a cell. */
static Py_ssize_t spaced_parts(uint32_t *v, Py_ssize_t m, int *changed) {
    Py_ssize_t spaces = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (v[j] != ' ' && v[j] != 0x3000)
            continue;
        if (j == 0 || j + 1 >= m || !address_char(v[j + 1]))
            return 0;
        if (!part_space(j >= 2 ? v[j - 2] : 0, v[j - 1], v[j + 1]))
            return 0;
        spaces++;
    }
    if (!spaces)
        return m;
    Py_ssize_t k = 0;
    for (Py_ssize_t j = 0; j < m; j++)
        if (v[j] != ' ' && v[j] != 0x3000)
            v[k++] = v[j];
    *changed = 1;
    return k;
}

static inline int address_char(uint32_t c) {
    return IS_HAN(c) || IS_DIGIT(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '#' || c == '(' || c == ')'
           || c == 0xFF08 || c == 0xFF09 || c == '-';
}

static PyObject *text_column(PyObject *self, PyObject *args) {
    int kind;
    Py_buffer off_b, data_b, lut_b, space_b;
    Py_ssize_t n;
    long lut_base;
    PyObject *tables;
    if (!PyArg_ParseTuple(args, "iy*y*ny*ly*O!", &kind, &off_b, &data_b, &n, &lut_b, &lut_base, &space_b, &PyTuple_Type, &tables))
        return NULL;
    PyObject *result = NULL;
    uint8_t *status = NULL, *rep = NULL;
    int64_t *out_off = NULL;
    uint32_t *cp = NULL;
    const Words *stops = NULL, *street = NULL, *strong = NULL;
    Words *own_stops = NULL, *own_street = NULL, *own_strong = NULL;
    Py_buffer sets[4];
    int held = 0;
    NameSets *nsp = NULL;
    long max_len = 0;
    Bytes out = {0};
    if ((kind != 0 && kind != 1) || lut_b.len % 4 || PyTuple_GET_SIZE(tables) != 4) {
        PyErr_SetString(PyExc_ValueError, "text_column: bad kind, fold table or tables");
        goto done;
    }
    if (kind == 0) {
        for (; held < 4; held++)
            if (PyObject_GetBuffer(PyTuple_GET_ITEM(tables, held), &sets[held], PyBUF_SIMPLE) < 0)
                goto done;
        nsp = PyMem_RawCalloc(1, sizeof(NameSets));
        if (!nsp) {
            PyErr_NoMemory();
            goto done;
        }
        nsp->single = sets[0].buf;
        nsp->n_single = sets[0].len / 8;
        nsp->compound = sets[1].buf;
        nsp->n_compound = sets[1].len / 8;
        nsp->followers = sets[2].buf;
        nsp->n_followers = sets[2].len / 8;
        nsp->mask = sets[3].buf;
        nsp->n_mask = sets[3].len / 8;
        bits_of(nsp->single_bits, nsp->single, nsp->n_single, 0);
        bits_of(nsp->compound_bits, nsp->compound, nsp->n_compound, 32);
        bits_of(nsp->follower_bits, nsp->followers, nsp->n_followers, 0);
        bits_of(nsp->mask_bits, nsp->mask, nsp->n_mask, 0);
    } else {
        max_len = PyLong_AsLong(PyTuple_GET_ITEM(tables, 0));
        if (max_len == -1 && PyErr_Occurred())
            goto done;
        if (!(stops = words_of(PyTuple_GET_ITEM(tables, 1), "stop words", &own_stops))
            || !(street = words_of(PyTuple_GET_ITEM(tables, 2), "street parts", &own_street))
            || !(strong = words_of(PyTuple_GET_ITEM(tables, 3), "strong street parts", &own_strong)))
            goto done;
    }
    Cells cells;
    if (cells_from(&cells, &off_b, &data_b, n, "text_column") < 0)
        goto done;
    const uint8_t *space = (const uint8_t *)space_b.buf;
    Py_ssize_t space_len = space_b.len;
    status = PyMem_RawMalloc((size_t)n + 1);
    rep = PyMem_RawMalloc((size_t)n + 1);
    out_off = PyMem_RawMalloc(sizeof(int64_t) * ((size_t)n + 1));
    cp = PyMem_RawMalloc(sizeof(uint32_t) * ((size_t)cells.longest + 1));
    if (!status || !rep || !out_off || !cp || bytes_reserve(&out, (size_t)data_b.len + 16) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    int failed = 0;
    Fold own_fold;
    const Fold *fold = fold_of(&lut_b, lut_base, &own_fold);
    Py_BEGIN_ALLOW_THREADS
    out_off[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int bad = 0, changed = 0;
        Py_ssize_t len = cell_codes(&cells, i, fold, cp, &changed, &bad);
        Py_ssize_t a = 0, b = len;          /* stripped of white space at both ends */
        while (a < b && cp[a] < (uint32_t)space_len && space[cp[a]])
            a++;
        while (b > a && cp[b - 1] < (uint32_t)space_len && space[cp[b - 1]])
            b--;
        const uint32_t *v = cp + a;
        Py_ssize_t m = b - a, compact;
        int8_t st = 0;
        if (kind == 0) {
            st = name_status(nsp, v, m);
        } else if (m >= 4 && m <= max_len) {
            /* one pass: the characters of an address (的 ends a place spoken of: the text detector decides), a
             * digit, the marks of a template or pseudonymised address (XX省XX市…, 某某小区), spaces between parts */
            int shaped = 1, digit = 0, masked = 0, spaces = 0;
            for (Py_ssize_t j = 0; j < m; j++) {
                uint32_t c = v[j];
                if (c == ' ' || c == 0x3000) {
                    spaces = 1;
                    continue;
                }
                shaped &= address_char(c) && c != 0x7684;
                digit |= IS_DIGIT(c);
                masked |= c == 0x67D0 || ((c | 0x20) == 'x' && j + 1 < m && (v[j + 1] | 0x20) == 'x');
            }
            if (spaces) {                   /* compacted whatever the shape, as the polars fall-back does */
                compact = spaced_parts(cp + a, m, &changed);
                if (compact > 0)
                    m = compact;
                else
                    shaped = 0;
            }
            if (shaped && !has_word(stops, v, 2, m))
                st = (int8_t)(digit ? has_word(street, v, 0, m) : has_word(strong, v, 0, m));
            if (st && masked)
                st = 3;
        }
        status[i] = (uint8_t)st;
        int same = m >= 6;
        for (Py_ssize_t j = 1; j < m && same; j++)
            same = v[j] == v[0];
        rep[i] = (uint8_t)same;
        if (put_value(&out, out_off, &cells, i, v, m, !changed && m == len) < 0) {      /* as it came, if unchanged */
            failed = 1;
            break;
        }
    }
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    result = Py_BuildValue("(y#y#y#y#)", (const char *)status, n, (const char *)rep, n, (const char *)out_off,
                           (n + 1) * (Py_ssize_t)sizeof(int64_t), (const char *)(out.buf ? out.buf : (uint8_t *)""), (Py_ssize_t)out.len);
done:
    for (int k = 0; k < held; k++)
        PyBuffer_Release(&sets[k]);
    PyBuffer_Release(&off_b);
    PyBuffer_Release(&data_b);
    PyBuffer_Release(&lut_b);
    PyBuffer_Release(&space_b);
    PyMem_RawFree(status);
    PyMem_RawFree(rep);
    PyMem_RawFree(out_off);
    PyMem_RawFree(cp);
    PyMem_RawFree(own_stops);
    PyMem_RawFree(own_street);
    PyMem_RawFree(own_strong);
    PyMem_RawFree(nsp);
    PyMem_RawFree(out.buf);
    return result;
}

/* ---- the de-duplication hash table ------------------------------------------------------------------
 *
 * table_merge(slots, count, q_hi, q_lo, add) -> (known, before, added)
 *
 * piguard.count.keyindex._Table.merge for one batch of distinct keys, in place: the table is one numpy
 * array of (size, 4) uint64, a slot being (hi, lo, mask, used) in one 32-byte line, size a power of two
 * and count of the slots used; probed linearly from slot (hi ^ (lo >> 17)) & (size - 1), the slots of
 * the next keys fetched ahead. A key found gets add or-ed into its mask; a new key takes the first free
 * slot with mask add. Returns per key whether it was found and its mask before (bytes of bool and
 * uint64), and how many keys were added. The caller keeps the table at most half full.
 */
#define AHEAD 8
static PyObject *table_merge(PyObject *self, PyObject *args) {
    Py_buffer slots_b, qh_b, ql_b;
    Py_ssize_t filled;
    unsigned long long add;
    if (!PyArg_ParseTuple(args, "w*ny*y*K", &slots_b, &filled, &qh_b, &ql_b, &add))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t size = slots_b.len / 32, m = qh_b.len / 8;
    if (size < 2 || (size & (size - 1)) || slots_b.len != size * 32 || ql_b.len != qh_b.len || qh_b.len % 8) {
        PyErr_SetString(PyExc_ValueError, "table_merge: the table must be (power-of-two size, 4) uint64, the keys of one length");
        goto done;
    }
    uint64_t *slots = slots_b.buf;
    const uint64_t *qh = qh_b.buf, *ql = ql_b.buf;
    PyObject *known = PyBytes_FromStringAndSize(NULL, m), *before = PyBytes_FromStringAndSize(NULL, m * 8);
    if (!known || !before) {
        Py_XDECREF(known);
        Py_XDECREF(before);
        goto done;
    }
    uint8_t *kn = (uint8_t *)PyBytes_AS_STRING(known);
    uint64_t *bf = (uint64_t *)PyBytes_AS_STRING(before);
    uint64_t bits = (uint64_t)size - 1;
    Py_ssize_t added = 0;
    int full = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < m && !full; i++) {
        if (i + AHEAD < m)
            __builtin_prefetch(slots + 4 * ((qh[i + AHEAD] ^ (ql[i + AHEAD] >> 17)) & bits), 1);
        uint64_t h = qh[i], l = ql[i];
        uint64_t s = (h ^ (l >> 17)) & bits;
        for (;;) {
            uint64_t *slot = slots + 4 * s;
            if (!slot[3]) {
                if (filled + added + 1 >= size) {      /* never the last free slot: probes must end */
                    full = 1;
                    break;
                }
                slot[0] = h;
                slot[1] = l;
                slot[2] = add;
                slot[3] = 1;
                kn[i] = 0;
                bf[i] = 0;
                added++;
                break;
            }
            if (slot[0] == h && slot[1] == l) {
                kn[i] = 1;
                bf[i] = slot[2];
                slot[2] |= add;
                break;
            }
            s = (s + 1) & bits;
        }
    }
    Py_END_ALLOW_THREADS
    if (full) {
        Py_DECREF(known);
        Py_DECREF(before);
        PyErr_SetString(PyExc_ValueError, "table_merge: the table is full");
        goto done;
    }
    result = Py_BuildValue("(NNn)", known, before, added);
done:
    PyBuffer_Release(&slots_b);
    PyBuffer_Release(&qh_b);
    PyBuffer_Release(&ql_b);
    return result;
}

/*
 * table_rehash(old, new) -> count
 *
 * Every used slot of the table ``old`` put into the empty table ``new`` (both as table_merge's, new the
 * larger): piguard.count.keyindex._Table.grown without draining the old table key by key through numpy.
 * Keys are distinct already, so each takes the first free slot of its probe. Returns how many were moved.
 */
static PyObject *table_rehash(PyObject *self, PyObject *args) {
    Py_buffer old_b, new_b;
    if (!PyArg_ParseTuple(args, "y*w*", &old_b, &new_b))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t old_size = old_b.len / 32, size = new_b.len / 32;
    if (size < 2 || (size & (size - 1)) || new_b.len != size * 32 || old_b.len % 32 || old_size >= size) {
        PyErr_SetString(PyExc_ValueError, "table_rehash: the tables must be (size, 4) uint64, the new one a larger power of two");
        goto done;
    }
    const uint64_t *old = old_b.buf;
    uint64_t *slots = new_b.buf, bits = (uint64_t)size - 1;
    Py_ssize_t moved = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < old_size; i++) {
        const uint64_t *from = old + 4 * i;
        if (!from[3])
            continue;
        uint64_t s = (from[0] ^ (from[1] >> 17)) & bits;
        while (slots[4 * s + 3])
            s = (s + 1) & bits;
        memcpy(slots + 4 * s, from, 32);
        moved++;
    }
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(moved);
done:
    PyBuffer_Release(&old_b);
    PyBuffer_Release(&new_b);
    return result;
}

/* ---- record texts -----------------------------------------------------------------------------------
 *
 * joined(columns, n, space) -> (out_offsets, out_data)
 *
 * Each of n rows' cells, stripped of white space at both ends (space: one byte per code point below
 * len(space), 1 for white space), joined by U+001F: piguard.count.columnar.record_texts without the
 * strings. columns: (offsets, data) pairs in Arrow layout, n + 1 offsets each; a null is empty.
 */
static inline int is_space_at(const uint8_t *p, Py_ssize_t left, const uint8_t *space, Py_ssize_t space_len, int *used) {
    int bad = 0;
    uint32_t c = decode(p, left, used, &bad);
    return !bad && c < (uint32_t)space_len && space[c];
}

/* the span [*a, *b) of UTF-8 data d without its white space at either end */
static void strip_span(const uint8_t *d, Py_ssize_t *a, Py_ssize_t *b, const uint8_t *space, Py_ssize_t space_len) {
    int used;
    while (*a < *b && is_space_at(d + *a, *b - *a, space, space_len, &used))
        *a += used;
    while (*b > *a) {                     /* the last character starts at its lead byte */
        Py_ssize_t lead = *b - 1;
        while (lead > *a && (d[lead] & 0xC0) == 0x80)
            lead--;
        if (!is_space_at(d + lead, *b - lead, space, space_len, &used) || lead + used != *b)
            break;
        *b = lead;
    }
}

static PyObject *joined(PyObject *self, PyObject *args) {
    PyObject *seq;
    Py_ssize_t n;
    Py_buffer space_b;
    if (!PyArg_ParseTuple(args, "Ony*", &seq, &n, &space_b))
        return NULL;
    PyObject *result = NULL, *fast = PySequence_Fast(seq, "joined: columns must be a sequence");
    Piece *cols = NULL;
    Cells *cells = NULL;
    Py_ssize_t k = 0, got = 0;
    int64_t *out_off = NULL;
    Bytes out = {0};
    if (!fast)
        goto done;
    k = PySequence_Fast_GET_SIZE(fast);
    cols = PyMem_Calloc((size_t)(k ? k : 1), sizeof(Piece));
    cells = PyMem_Calloc((size_t)(k ? k : 1), sizeof(Cells));
    if (!cols || !cells || n < 0) {
        if (!cols || !cells)
            PyErr_NoMemory();
        else
            PyErr_SetString(PyExc_ValueError, "joined: n must not be negative");
        goto done;
    }
    size_t total = 0;
    while (got < k) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, got);
        Piece *pc = &cols[got];
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "joined: a column is a pair (offsets, data)");
            goto done;
        }
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(item, 0), &pc->offsets, PyBUF_SIMPLE) < 0)
            goto done;
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(item, 1), &pc->data, PyBUF_SIMPLE) < 0) {
            PyBuffer_Release(&pc->offsets);
            goto done;
        }
        pc->column = 1;
        got++;
        if (cells_from(&cells[got - 1], &pc->offsets, &pc->data, n, "joined") < 0)
            goto done;
        total += (size_t)(cells[got - 1].off[n] - cells[got - 1].off[0]);
    }
    out_off = PyMem_RawMalloc(sizeof(int64_t) * ((size_t)n + 1));
    if (!out_off || bytes_reserve(&out, total + (size_t)n * (size_t)k + 16) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    const uint8_t *space = space_b.buf;
    Py_ssize_t space_len = space_b.len;
    Py_BEGIN_ALLOW_THREADS
    out_off[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        for (Py_ssize_t j = 0; j < k; j++) {
            const int64_t *off = cells[j].off;
            const uint8_t *d = cells[j].data;
            Py_ssize_t a = (Py_ssize_t)off[i], b = (Py_ssize_t)off[i + 1];
            strip_span(d, &a, &b, space, space_len);
            if (j)
                out.buf[out.len++] = 0x1F;
            memcpy(out.buf + out.len, d + a, (size_t)(b - a));
            out.len += (size_t)(b - a);
        }
        out_off[i + 1] = (int64_t)out.len;
    }
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("(y#y#)", (const char *)out_off, (n + 1) * (Py_ssize_t)sizeof(int64_t),
                           (const char *)(out.buf ? out.buf : (uint8_t *)""), (Py_ssize_t)out.len);
done:
    if (cols)
        release(cols, got);
    PyMem_Free(cells);
    Py_XDECREF(fast);
    PyBuffer_Release(&space_b);
    PyMem_RawFree(out_off);
    PyMem_RawFree(out.buf);
    return result;
}

/* ---- blank cells ------------------------------------------------------------------------------------
 *
 * blank_cells(offsets, data, n, space) -> bytes of bool
 *
 * Per cell of a column in Arrow layout (a null is empty): does it hold nothing but white space (space:
 * one byte per code point below len(space), 1 for white space)? A cell's first character that is not
 * white space settles it, so a column of values costs a byte or two a cell. A malformed UTF-8 sequence
 * is not white space.
 */
static PyObject *blank_cells(PyObject *self, PyObject *args) {
    Py_buffer off_b, data_b, space_b;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y*y*ny*", &off_b, &data_b, &n, &space_b))
        return NULL;
    PyObject *result = NULL;
    Cells cells;
    if (cells_from(&cells, &off_b, &data_b, n, "blank_cells") < 0)
        goto done;
    result = PyBytes_FromStringAndSize(NULL, n);
    if (!result)
        goto done;
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
    const uint8_t *space = space_b.buf;
    Py_ssize_t space_len = space_b.len;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t a = (Py_ssize_t)cells.off[i], b = (Py_ssize_t)cells.off[i + 1];
        int used;
        while (a < b && is_space_at(cells.data + a, b - a, space, space_len, &used))
            a += used;
        out[i] = a == b;
    }
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&off_b);
    PyBuffer_Release(&data_b);
    PyBuffer_Release(&space_b);
    return result;
}

/* ---- key-value lines ---------------------------------------------------------------------------------
 *
 * kv_cut(offsets, data, n, prefix, glues, space) -> (ok, [(offsets, data) per field])
 *
 * Lines in Arrow layout written as prefix value glue value glue … value (订单号：…，姓名：…，…; prefix
 * and glues as UTF-8 bytes, each glue ending in a colon): per line whether it is written that way with no
 * colon (: or ：) in any value, and the values, stripped of white space (space: one byte per code point
 * below len(space), 1 for white space). With no colon in a value, every key and colon of the line is in
 * the prefix or a glue, so the first glue after a value is the only place it can end: the values are the
 * lazy expression's of piguard.scan.readers._kv_pattern. A line not so written gets empty values.
 */
static int has_colon(const uint8_t *p, Py_ssize_t len) {
    for (Py_ssize_t i = 0; i < len; i++)
        if (p[i] == ':' || (p[i] == 0xEF && i + 2 < len && p[i + 1] == 0xBC && p[i + 2] == 0x9A))
            return 1;
    return 0;
}

static const uint8_t *find_bytes(const uint8_t *hay, Py_ssize_t len, const uint8_t *needle, Py_ssize_t k) {
    if (k == 0 || k > len)
        return NULL;
    const uint8_t *end = hay + len - k;
    for (const uint8_t *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p + 1));
        if (!p)
            return NULL;
        if (memcmp(p, needle, (size_t)k) == 0)
            return p;
    }
    return NULL;
}

#define KV_MAX_FIELDS 64
static PyObject *kv_cut(PyObject *self, PyObject *args) {
    Py_buffer off_b, data_b, prefix_b, space_b;
    Py_ssize_t n;
    PyObject *glues_t;
    if (!PyArg_ParseTuple(args, "y*y*ny*O!y*", &off_b, &data_b, &n, &prefix_b, &PyTuple_Type, &glues_t, &space_b))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t g = PyTuple_GET_SIZE(glues_t), k = g + 1;
    const uint8_t *glue[KV_MAX_FIELDS];
    Py_ssize_t glue_len[KV_MAX_FIELDS];
    Bytes out[KV_MAX_FIELDS];
    int64_t *out_off[KV_MAX_FIELDS];
    uint8_t *ok = NULL;
    memset(out, 0, sizeof(out));
    memset(out_off, 0, sizeof(out_off));
    Cells cells;
    if (k > KV_MAX_FIELDS) {
        PyErr_Format(PyExc_ValueError, "kv_cut: at most %d fields", KV_MAX_FIELDS);
        goto done;
    }
    for (Py_ssize_t j = 0; j < g; j++) {
        PyObject *item = PyTuple_GET_ITEM(glues_t, j);
        if (!PyBytes_Check(item) || PyBytes_GET_SIZE(item) < 1) {
            PyErr_SetString(PyExc_TypeError, "kv_cut: glues must be non-empty bytes");
            goto done;
        }
        glue[j] = (const uint8_t *)PyBytes_AS_STRING(item);
        glue_len[j] = PyBytes_GET_SIZE(item);
    }
    if (cells_from(&cells, &off_b, &data_b, n, "kv_cut") < 0)
        goto done;
    ok = PyMem_RawMalloc((size_t)n + 1);
    if (!ok) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < k; j++) {
        out_off[j] = PyMem_RawMalloc(sizeof(int64_t) * ((size_t)n + 1));
        if (!out_off[j] || bytes_reserve(&out[j], (size_t)(data_b.len / k) + 16) < 0) {
            PyErr_NoMemory();
            goto done;
        }
        out_off[j][0] = 0;
    }
    const uint8_t *space = space_b.buf, *prefix = prefix_b.buf;
    Py_ssize_t space_len = space_b.len, plen = prefix_b.len;
    int failed = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        const uint8_t *d = cells.data;
        Py_ssize_t a = (Py_ssize_t)cells.off[i], e = (Py_ssize_t)cells.off[i + 1];
        Py_ssize_t start[KV_MAX_FIELDS], end[KV_MAX_FIELDS];
        int good = e - a >= plen && memcmp(d + a, prefix, (size_t)plen) == 0;
        Py_ssize_t pos = a + plen;
        for (Py_ssize_t j = 0; j < g && good; j++) {
            const uint8_t *hit = find_bytes(d + pos, e - pos, glue[j], glue_len[j]);
            if (!hit) {
                good = 0;
                break;
            }
            start[j] = pos;
            end[j] = (Py_ssize_t)(hit - d);
            pos = end[j] + glue_len[j];
        }
        if (good) {
            start[g] = pos;
            end[g] = e;
            for (Py_ssize_t j = 0; j < k && good; j++)
                good = !has_colon(d + start[j], end[j] - start[j]);
        }
        ok[i] = (uint8_t)good;
        for (Py_ssize_t j = 0; j < k; j++) {
            Py_ssize_t s0 = 0, s1 = 0;
            if (good) {
                s0 = start[j];
                s1 = end[j];
                strip_span(d, &s0, &s1, space, space_len);
            }
            if (bytes_reserve(&out[j], (size_t)(s1 - s0)) < 0) {
                failed = 1;
                break;
            }
            memcpy(out[j].buf + out[j].len, d + s0, (size_t)(s1 - s0));
            out[j].len += (size_t)(s1 - s0);
            out_off[j][i + 1] = (int64_t)out[j].len;
        }
    }
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *fields = PyList_New(k);
    if (!fields)
        goto done;
    for (Py_ssize_t j = 0; j < k; j++) {
        PyObject *pair = Py_BuildValue("(y#y#)", (const char *)out_off[j], (n + 1) * (Py_ssize_t)sizeof(int64_t),
                                       (const char *)(out[j].buf ? out[j].buf : (uint8_t *)""), (Py_ssize_t)out[j].len);
        if (!pair) {
            Py_DECREF(fields);
            goto done;
        }
        PyList_SET_ITEM(fields, j, pair);
    }
    result = Py_BuildValue("(y#N)", (const char *)ok, n, fields);
done:
    for (Py_ssize_t j = 0; j < KV_MAX_FIELDS; j++) {
        PyMem_RawFree(out_off[j]);
        PyMem_RawFree(out[j].buf);
    }
    PyMem_RawFree(ok);
    PyBuffer_Release(&off_b);
    PyBuffer_Release(&data_b);
    PyBuffer_Release(&prefix_b);
    PyBuffer_Release(&space_b);
    return result;
}

/* ---- text offsets -----------------------------------------------------------------------------------
 *
 * char_offsets(data, marks) -> bytes of int64
 *
 * The character offset of each byte offset in marks (int64, ascending, each at most len(data)) into the
 * UTF-8 data: the bytes before it that are not continuation bytes, counted in one pass.
 */
static PyObject *char_offsets(PyObject *self, PyObject *args) {
    Py_buffer data_b, marks_b;
    if (!PyArg_ParseTuple(args, "y*y*", &data_b, &marks_b))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t m = marks_b.len / 8;
    const int64_t *marks = marks_b.buf;
    if (marks_b.len % 8) {
        PyErr_SetString(PyExc_ValueError, "char_offsets: marks must be int64");
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++)
        if (marks[i] < 0 || marks[i] > (int64_t)data_b.len || (i && marks[i] < marks[i - 1])) {
            PyErr_Format(PyExc_ValueError, "char_offsets: mark %zd is out of order or outside the data", i);
            goto done;
        }
    result = PyBytes_FromStringAndSize(NULL, m * 8);
    if (!result)
        goto done;
    int64_t *out = (int64_t *)PyBytes_AS_STRING(result);
    const uint8_t *d = data_b.buf;
    Py_BEGIN_ALLOW_THREADS
    int64_t chars = 0, at = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        int64_t end = marks[i], count = 0;
        for (int64_t j = at; j < end; j++)
            count += (d[j] & 0xC0) != 0x80;
        chars += count;
        at = end;
        out[i] = chars;
    }
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&data_b);
    PyBuffer_Release(&marks_b);
    return result;
}

/* ---- address starts in text -------------------------------------------------------------------------
 *
 * street_within(text, starts, max_len, words) -> bytes of bool
 *
 * For each start (int64 character offsets into the str text): does one of words (a tuple of str) occur
 * within the run of address characters (Han, ASCII letters and digits, # - ( ) （ ）) that begins there,
 * at most max_len characters, the run being at least 4 characters long? The detector's cheap test of
 * a place name as the start of an address, for all of a text's place names at once.
 */
static PyObject *street_within(PyObject *self, PyObject *args) {
    PyObject *text, *words_t;
    Py_buffer starts_b;
    long max_len;
    if (!PyArg_ParseTuple(args, "Uy*lO!", &text, &starts_b, &max_len, &PyTuple_Type, &words_t))
        return NULL;
    PyObject *result = NULL;
    Words *own = NULL;
    const Words *words = NULL;
    uint32_t *run = NULL;
    Py_ssize_t m = starts_b.len / 8, n = PyUnicode_GET_LENGTH(text);
    const int64_t *starts = starts_b.buf;
    if (!(words = words_of(words_t, "street words", &own)))
        goto done;
    if (starts_b.len % 8 || max_len < 0) {
        PyErr_SetString(PyExc_ValueError, "street_within: starts must be int64, max_len not negative");
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++)
        if (starts[i] < 0 || starts[i] > n) {
            PyErr_Format(PyExc_ValueError, "street_within: start %zd is outside the text", i);
            goto done;
        }
    run = PyMem_RawMalloc(sizeof(uint32_t) * ((size_t)max_len + 1));
    result = PyBytes_FromStringAndSize(NULL, m);
    if (!run || !result) {
        Py_CLEAR(result);
        if (!run)
            PyErr_NoMemory();
        goto done;
    }
    uint8_t *keep = (uint8_t *)PyBytes_AS_STRING(result);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < m; i++) {
        Py_ssize_t s = (Py_ssize_t)starts[i], len = 0, at = 0;
        while (s + at < n && at < max_len) {
            uint32_t c = PyUnicode_READ(kind, data, s + at);
            if ((c == ' ' || c == 0x3000) && len && s + at + 1 < n) {
                /* a space between parts, as piguard.detect.addresses.spaced_end takes it (浙江省 杭州市 …) */
                uint32_t next = PyUnicode_READ(kind, data, s + at + 1);
                if (address_char(next) && part_space(len >= 2 ? run[len - 2] : 0, run[len - 1], next)) {
                    at++;
                    continue;
                }
            }
            if (!address_char(c))
                break;
            run[len++] = c;
            at++;
        }
        keep[i] = (uint8_t)(at >= 4 && has_word(words, run, 0, len));
    }
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&starts_b);
    PyMem_RawFree(own);
    PyMem_RawFree(run);
    return result;
}

/* ---- folding a text ----------------------------------------------------------------------------------
 *
 * fold_text(text, lut, lut_base, harmless) -> str
 *
 * text with every code point of the fold table (lut) folded, the same length; the very same object when
 * it holds no code point the table changes other than those in harmless (a str of characters every
 * pattern already accepts as they are). piguard.detect.normalize for long texts.
 */
static PyObject *fold_text(PyObject *self, PyObject *args) {
    PyObject *text, *harmless;
    Py_buffer lut_b;
    long lut_base;
    if (!PyArg_ParseTuple(args, "Uy*lU", &text, &lut_b, &lut_base, &harmless))
        return NULL;
    PyObject *result = NULL;
    if (lut_b.len % 4 || lut_base < 0) {
        PyErr_SetString(PyExc_ValueError, "fold_text: bad fold table");
        goto done;
    }
    Fold own_fold;
    const Fold *fold = fold_of(&lut_b, lut_base, &own_fold);
    uint64_t needs[1024];
    memcpy(needs, fold->bits, sizeof(needs));
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(harmless); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(harmless, i);
        if (c < 0x10000)
            needs[c >> 6] &= ~(1ULL << (c & 63));
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int any = 0;
    Py_UCS4 top = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !any; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000)
            any = (int)((needs[c >> 6] >> (c & 63)) & 1);
        else
            fold_cp(fold, c, &any);
    }
    if (any) {
        int changed = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = fold_cp(fold, PyUnicode_READ(kind, data, i), &changed);
            if (c > top)
                top = c;
        }
    }
    Py_END_ALLOW_THREADS
    if (!any) {
        Py_INCREF(text);
        result = text;
        goto done;
    }
    result = PyUnicode_New(n, top);          /* the folded text in its own (most compact) kind */
    if (!result)
        goto done;
    int out_kind = PyUnicode_KIND(result);
    void *out = PyUnicode_DATA(result);
    int changed = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(out_kind, out, i, fold_cp(fold, PyUnicode_READ(kind, data, i), &changed));
done:
    PyBuffer_Release(&lut_b);
    return result;
}

/* ---- distinct keys of a batch -----------------------------------------------------------------------
 *
 * distinct(digests) -> (first, inverse)
 *
 * piguard.count.keyindex.distinct in one pass: digests are n 16-byte keys; first (int64) holds the row
 * of each distinct key's first occurrence, in the order the keys first occur, and inverse (int64) per
 * row the index of its key in first. A scratch open-addressing table of row numbers (at most half
 * full), probed linearly from the key's first word, compared on all 16 bytes.
 */
static PyObject *distinct(PyObject *self, PyObject *args) {
    Py_buffer d_b;
    if (!PyArg_ParseTuple(args, "y*", &d_b))
        return NULL;
    PyObject *result = NULL, *first = NULL, *inverse = NULL;
    if (d_b.len % 16) {
        PyErr_SetString(PyExc_ValueError, "distinct: digests must be 16 bytes each");
        goto done;
    }
    Py_ssize_t n = d_b.len / 16, size = 2;
    while (size < 2 * n)
        size <<= 1;
    int64_t *table = PyMem_RawMalloc((size_t)size * sizeof(int64_t));
    inverse = PyBytes_FromStringAndSize(NULL, n * 8);
    int64_t *firsts = PyMem_RawMalloc((size_t)(n ? n : 1) * sizeof(int64_t));
    if (!table || !inverse || !firsts) {
        PyMem_RawFree(table);
        PyMem_RawFree(firsts);
        Py_CLEAR(inverse);
        PyErr_NoMemory();
        goto done;
    }
    const uint8_t *d = d_b.buf;
    int64_t *inv = (int64_t *)PyBytes_AS_STRING(inverse);
    Py_ssize_t k = 0;
    uint64_t bits = (uint64_t)size - 1;
    Py_BEGIN_ALLOW_THREADS
    memset(table, 0xFF, (size_t)size * sizeof(int64_t));           /* -1: free */
    for (Py_ssize_t i = 0; i < n; i++) {
        const uint8_t *key = d + 16 * i;
        uint64_t s = (word(key) ^ (word(key + 8) >> 17)) & bits;
        for (;;) {
            int64_t at = table[s];
            if (at < 0) {
                table[s] = k;
                firsts[k] = i;
                inv[i] = k++;
                break;
            }
            if (!memcmp(d + 16 * firsts[at], key, 16)) {
                inv[i] = at;
                break;
            }
            s = (s + 1) & bits;
        }
    }
    Py_END_ALLOW_THREADS
    first = PyBytes_FromStringAndSize((const char *)firsts, k * 8);
    PyMem_RawFree(table);
    PyMem_RawFree(firsts);
    if (!first) {
        Py_CLEAR(inverse);
        goto done;
    }
    result = Py_BuildValue("(NN)", first, inverse);
done:
    PyBuffer_Release(&d_b);
    return result;
}

/* ---- names that open a clause ---------------------------------------------------------------------
 *
 * clause_names(text, flags, times) -> bytes of int64
 *
 * The positions right after every surname and two given-name characters that open a clause and are
 * followed by a Han character: flags holds one byte per BMP code point (1: a clause's start before it, a
 * break, a preposition or 的; 2: a surname; 4: a given-name character; 8: the last character of one of
 * times, a tuple of two-character str that may open a clause as well: 今天, 我和 …). The detector tests what
 * follows each (a word of the lexicon, or a word a clause goes on with) in Python: one pass over the text
 * instead of a scan for a pattern of three large character classes, which has no literal to start from.
 */
#define CN_HEAD 1
#define CN_SURNAME 2
#define CN_GIVEN 4
#define CN_TIME_END 8

static PyObject *clause_names(PyObject *self, PyObject *args) {
    PyObject *text, *times_t;
    Py_buffer flags_b;
    if (!PyArg_ParseTuple(args, "Uy*O!", &text, &flags_b, &PyTuple_Type, &times_t))
        return NULL;
    PyObject *result = NULL;
    int64_t *out = NULL;
    Py_UCS4 times[64][2];
    Py_ssize_t n_times = PyTuple_GET_SIZE(times_t);
    if (flags_b.len != 0x10000 || n_times > 64) {
        PyErr_SetString(PyExc_ValueError, "clause_names: flags must be 65536 bytes, at most 64 words in times");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_times; i++) {
        PyObject *w = PyTuple_GET_ITEM(times_t, i);
        if (!PyUnicode_Check(w) || PyUnicode_GET_LENGTH(w) != 2) {
            PyErr_SetString(PyExc_ValueError, "clause_names: a word of times must be a str of two characters");
            goto done;
        }
        times[i][0] = PyUnicode_READ_CHAR(w, 0);
        times[i][1] = PyUnicode_READ_CHAR(w, 1);
    }
    const uint8_t *flags = flags_b.buf;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), k = 0, cap = 64;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int nomem = 0;
    if (!(out = PyMem_RawMalloc(sizeof(int64_t) * cap))) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
#define CN_FLAGS(c) ((c) < 0x10000 ? flags[(c)] : 0)
    /* one loop per string kind: the read of a character is then a plain load (most Chinese text is UCS-2) */
#define CN_LOOP(T)                                                                                        \
    {                                                                                                     \
        const T *u = (const T *)data;                                                                     \
        /* the flags of the characters before p, at p and the two after it, rolled along: one table       \
         * look-up a character, and one branch on all four tests at once (a name is rare) */              \
        uint8_t fb = CN_HEAD, fc = CN_FLAGS((Py_UCS4)u[0]), f1 = CN_FLAGS((Py_UCS4)u[1]),                   \
                f2 = CN_FLAGS((Py_UCS4)u[2]);                                                             \
        for (Py_ssize_t p = 0; p + 3 < n && !nomem; p++) {                                                \
            Py_UCS4 next = u[p + 3];                                                                      \
            uint8_t f3 = CN_FLAGS(next);                                                                  \
            unsigned shape = (unsigned)(fc >> 1) & (unsigned)(f1 >> 2) & (unsigned)(f2 >> 2) & 1u          \
                             & (unsigned)(next - 0x4e00u <= 0x9fffu - 0x4e00u);                           \
            if (shape) {                                                                                  \
                int head = (fb & CN_HEAD) != 0;                                                           \
                if (!head && (fb & CN_TIME_END) && p >= 2)                                                \
                    for (Py_ssize_t j = 0; j < n_times && !head; j++)                                     \
                        head = times[j][0] == (Py_UCS4)u[p - 2] && times[j][1] == (Py_UCS4)u[p - 1];      \
                if (head) {                                                                               \
                    if (k == cap) {                                                                       \
                        int64_t *grown = PyMem_RawRealloc(out, sizeof(int64_t) * cap * 2);                \
                        if (!grown) {                                                                     \
                            nomem = 1;                                                                    \
                            break;                                                                        \
                        }                                                                                 \
                        out = grown;                                                                      \
                        cap *= 2;                                                                         \
                    }                                                                                     \
                    out[k++] = p + 3;                                                                     \
                }                                                                                         \
            }                                                                                             \
            fb = fc;                                                                                      \
            fc = f1;                                                                                      \
            f1 = f2;                                                                                      \
            f2 = f3;                                                                                      \
        }                                                                                                 \
    }
    if (n < 4)
        ;                                       /* no room for a name and a character after it */
    else if (kind == PyUnicode_1BYTE_KIND)
        CN_LOOP(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND)
        CN_LOOP(Py_UCS2)
    else
        CN_LOOP(Py_UCS4)
#undef CN_LOOP
#undef CN_FLAGS
    Py_END_ALLOW_THREADS
    if (nomem)
        PyErr_NoMemory();
    else
        result = PyBytes_FromStringAndSize((const char *)out, k * 8);
done:
    PyBuffer_Release(&flags_b);
    PyMem_RawFree(out);
    return result;
}

static PyMethodDef methods[] = {
    {"distinct", distinct, METH_VARARGS, "distinct(digests) -> (first, inverse): the distinct 16-byte keys of a batch, in order of first occurrence"},
    {"digests", digests, METH_VARARGS, "digests(pieces, n, rows=None) -> bytes: n 16-byte digests of keys given in pieces"},
    {"fold_text", fold_text, METH_VARARGS, "fold_text(text, lut, lut_base, harmless) -> str: full-width forms folded"},
    {"street_within", street_within, METH_VARARGS,
     "street_within(text, starts, max_len, words) -> bytes: a street word within the address run at each start"},
    {"clause_names", clause_names, METH_VARARGS,
     "clause_names(text, flags, times) -> bytes: int64 ends of a surname and two given-name characters opening a clause"},
    {"char_offsets", char_offsets, METH_VARARGS, "char_offsets(data, marks) -> bytes: character offsets of byte offsets into UTF-8"},
    {"blank_cells", blank_cells, METH_VARARGS, "blank_cells(offsets, data, n, space) -> bytes: per cell, is it only white space?"},
    {"kv_cut", kv_cut, METH_VARARGS, "kv_cut(offsets, data, n, prefix, glues, space) -> (ok, fields): key-value lines cut at their glues"},
    {"joined", joined, METH_VARARGS, "joined(columns, n, space) -> (offsets, data): cells stripped and joined by U+001F"},
    {"table_merge", table_merge, METH_VARARGS,
     "table_merge(slots, count, q_hi, q_lo, add) -> (known, before, added): probe and extend a hash table in place"},
    {"table_rehash", table_rehash, METH_VARARGS,
     "table_rehash(old, new) -> count: move every key of a hash table into a larger empty one"},
    {"text_column", text_column, METH_VARARGS,
     "text_column(kind, offsets, data, n, lut, lut_base, space, tables) -> (status, repeated, offsets, data)"},
    {"identifier_column", identifier_column, METH_VARARGS,
     "identifier_column(kind, offsets, data, n, lut, lut_base, table, today, earliest, prefixes) -> (status, repeated, python, offsets, data)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", "piguard's compiled kernels", -1, methods};

/* the calling convention of these functions: piguard.native uses the module only when it says the same */
#define ABI 8

PyMODINIT_FUNC PyInit__native(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddIntConstant(m, "ABI", ABI) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
