/* piguard._hs: Hyperscan block-mode scans that collect their matches in C.
 *
 * The hyperscan package calls a Python function for every match, which costs about as much as the scan
 * itself on prose full of keywords and place names. This module compiles (or loads) the same expressions
 * with the system's libhs and hands back every match of a scan at once, as int64 triples (id, from, to),
 * in the order Hyperscan reports them. Optional: built only where libhs and its headers are installed
 * (Debian: libhyperscan-dev); piguard.detect.engine uses the hyperscan package otherwise.
 *
 * compile(expressions, flags) -> database       expressions: list of bytes, flags: list of int
 * serialize(database) -> bytes, deserialize(bytes) -> database
 * scan(database, data) -> bytes                  data: a bytes-like object
 * version() -> str
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <hs.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    hs_database_t *db;
    hs_scratch_t *scratch;
    int busy;                   /* a scan holds the scratch (set and read under the GIL) */
} Compiled;

static const char *CAPSULE = "piguard._hs.database";

static void compiled_free(PyObject *capsule) {
    Compiled *c = PyCapsule_GetPointer(capsule, CAPSULE);
    if (!c)
        return;
    if (c->scratch)
        hs_free_scratch(c->scratch);
    if (c->db)
        hs_free_database(c->db);
    PyMem_RawFree(c);
}

static PyObject *wrap(hs_database_t *db) {
    Compiled *c = PyMem_RawCalloc(1, sizeof(Compiled));
    if (!c) {
        hs_free_database(db);
        return PyErr_NoMemory();
    }
    c->db = db;
    if (hs_alloc_scratch(db, &c->scratch) != HS_SUCCESS) {
        hs_free_database(db);
        PyMem_RawFree(c);
        PyErr_SetString(PyExc_MemoryError, "hyperscan: cannot allocate scratch space");
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(c, CAPSULE, compiled_free);
    if (!capsule) {
        hs_free_scratch(c->scratch);
        hs_free_database(db);
        PyMem_RawFree(c);
    }
    return capsule;
}

static PyObject *compile_exprs(PyObject *self, PyObject *args) {
    PyObject *exprs, *flags;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &exprs, &PyList_Type, &flags))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(exprs);
    if (PyList_GET_SIZE(flags) != n || n == 0) {
        PyErr_SetString(PyExc_ValueError, "compile: as many flags as expressions, and at least one");
        return NULL;
    }
    const char **patterns = PyMem_RawCalloc((size_t)n, sizeof(char *));
    unsigned int *fl = PyMem_RawCalloc((size_t)n, sizeof(unsigned int));
    unsigned int *ids = PyMem_RawCalloc((size_t)n, sizeof(unsigned int));
    PyObject *result = NULL;
    if (!patterns || !fl || !ids) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(exprs, i);
        if (!PyBytes_Check(e)) {
            PyErr_SetString(PyExc_TypeError, "compile: expressions must be bytes");
            goto done;
        }
        patterns[i] = PyBytes_AS_STRING(e);
        unsigned long f = PyLong_AsUnsignedLong(PyList_GET_ITEM(flags, i));
        if (PyErr_Occurred())
            goto done;
        fl[i] = (unsigned int)f;
        ids[i] = (unsigned int)i;
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    hs_error_t rc;
    Py_BEGIN_ALLOW_THREADS
    rc = hs_compile_multi(patterns, fl, ids, (unsigned int)n, HS_MODE_BLOCK, NULL, &db, &err);
    Py_END_ALLOW_THREADS
    if (rc != HS_SUCCESS) {
        if (err) {
            PyErr_Format(PyExc_ValueError, "hyperscan: %s (expression %d)", err->message, err->expression);
            hs_free_compile_error(err);
        } else {
            PyErr_Format(PyExc_ValueError, "hyperscan: compile failed (%d)", (int)rc);
        }
        goto done;
    }
    result = wrap(db);
done:
    PyMem_RawFree(patterns);
    PyMem_RawFree(fl);
    PyMem_RawFree(ids);
    return result;
}

static PyObject *serialize(PyObject *self, PyObject *capsule) {
    Compiled *c = PyCapsule_GetPointer(capsule, CAPSULE);
    if (!c)
        return NULL;
    char *bytes = NULL;
    size_t len = 0;
    if (hs_serialize_database(c->db, &bytes, &len) != HS_SUCCESS) {
        PyErr_SetString(PyExc_ValueError, "hyperscan: cannot serialise the database");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(bytes, (Py_ssize_t)len);
    free(bytes);            /* hs_serialize_database allocates with the default (malloc) allocator */
    return out;
}

static PyObject *deserialize(PyObject *self, PyObject *args) {
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*", &b))
        return NULL;
    hs_database_t *db = NULL;
    hs_error_t rc = hs_deserialize_database(b.buf, (size_t)b.len, &db);
    PyBuffer_Release(&b);
    if (rc != HS_SUCCESS) {
        PyErr_Format(PyExc_ValueError, "hyperscan: not a database of this library (%d)", (int)rc);
        return NULL;
    }
    return wrap(db);
}

typedef struct {
    int64_t *rows;
    size_t n, cap;          /* in int64 values */
    int failed;
} Found;

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx) {
    Found *f = ctx;
    if (f->n + 3 > f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 3 * 4096;
        int64_t *rows = realloc(f->rows, cap * sizeof(int64_t));
        if (!rows) {
            f->failed = 1;
            return 1;       /* stop the scan */
        }
        f->rows = rows;
        f->cap = cap;
    }
    f->rows[f->n++] = (int64_t)id;
    f->rows[f->n++] = (int64_t)from;
    f->rows[f->n++] = (int64_t)to;
    return 0;
}

static PyObject *scan(PyObject *self, PyObject *args) {
    PyObject *capsule;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "Oy*", &capsule, &data))
        return NULL;
    Compiled *c = PyCapsule_GetPointer(capsule, CAPSULE);
    PyObject *result = NULL;
    if (!c)
        goto done;
    if ((unsigned long long)data.len > 0xFFFFFFFFull) {
        PyErr_SetString(PyExc_ValueError, "hyperscan: a block scan reads at most 4 GiB");
        goto done;
    }
    /* a database in use by another thread's scan gets a scratch space of its own for this one */
    hs_scratch_t *scratch = c->scratch, *own = NULL;
    if (c->busy) {
        if (hs_clone_scratch(c->scratch, &own) != HS_SUCCESS) {
            PyErr_SetString(PyExc_MemoryError, "hyperscan: cannot allocate scratch space");
            goto done;
        }
        scratch = own;
    } else {
        c->busy = 1;
    }
    Found f = {NULL, 0, 0, 0};
    hs_error_t rc;
    Py_BEGIN_ALLOW_THREADS
    rc = hs_scan(c->db, data.buf, (unsigned int)data.len, 0, scratch, on_match, &f);
    Py_END_ALLOW_THREADS
    if (own)
        hs_free_scratch(own);
    else
        c->busy = 0;
    if (f.failed) {
        PyErr_NoMemory();
    } else if (rc != HS_SUCCESS) {
        PyErr_Format(PyExc_RuntimeError, "hyperscan: scan failed (%d)", (int)rc);
    } else {
        result = PyBytes_FromStringAndSize((const char *)f.rows, (Py_ssize_t)(f.n * sizeof(int64_t)));
    }
    free(f.rows);
done:
    PyBuffer_Release(&data);
    return result;
}

static PyObject *version(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(hs_version());
}

static PyMethodDef methods[] = {
    {"compile", compile_exprs, METH_VARARGS, "compile(expressions, flags) -> database (block mode, ids 0..n-1)"},
    {"serialize", serialize, METH_O, "serialize(database) -> bytes"},
    {"deserialize", deserialize, METH_VARARGS, "deserialize(bytes) -> database"},
    {"scan", scan, METH_VARARGS, "scan(database, data) -> bytes: int64 (id, from, to) per match, as reported"},
    {"version", version, METH_NOARGS, "version() -> str: the libhs version"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hs", "Hyperscan scans collected in C", -1, methods};

PyMODINIT_FUNC PyInit__hs(void) {
    if (hs_valid_platform() != HS_SUCCESS) {
        PyErr_SetString(PyExc_ImportError, "hyperscan: this CPU lacks the instructions libhs needs (SSSE3)");
        return NULL;
    }
    return PyModule_Create(&module);
}
