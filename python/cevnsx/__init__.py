"""cevnsx: coherent elastic neutrino-nucleus scattering at the SNS, from Python.

A thin ctypes layer over libcevnsx, the engine of the cevnsx program (standard
library only). Example::

    import cevnsx
    m = cevnsx.Model("csi2017")
    m.events()["total"]            # 178.04 expected events (COHERENT CsI 2017)
    m.set(sin2w=0.24)
    edges, events, sm = m.spectrum()
    r = m.scan("sin2w", 0.1, 0.4, 201)
    r["intervals"]                 # the 90 % CL region, a list of (lo, hi)

Errors of the engine are raised as cevnsx.Error with the engine's message.
The library is found through $CEVNSX_LIBRARY (a path), the directory it was
installed to, or the system's library path; detectors by id through
$CEVNSX_DATADIR/detectors, ~/.config/cevnsx/detectors and the installed data.

SPDX-License-Identifier: GPL-3.0-or-later
"""

import ctypes
import ctypes.util
import math
import os

try:
    from . import _config
except ImportError:  # an uninstalled source tree
    _config = None

__all__ = ["Error", "Model", "detectors", "library_path"]


class Error(Exception):
    """A failure reported by the engine (the message is the engine's)."""


# ---------------------------------------------------------------- library --

def library_path():
    """The shared library this module loads."""
    env = os.environ.get("CEVNSX_LIBRARY")
    if env:
        return env
    if _config is not None:
        for name in ("libcevnsx.so.0", "libcevnsx.so", "libcevnsx.dylib"):
            p = os.path.join(_config.LIBDIR, name)
            if os.path.exists(p):
                return p
    found = ctypes.util.find_library("cevnsx")
    if found:
        return found
    raise Error("libcevnsx not found: install cevnsx or set CEVNSX_LIBRARY")


_lib = None


class _ScanInterval(ctypes.Structure):
    _fields_ = [("lo", ctypes.c_double), ("hi", ctypes.c_double),
                ("lo_open", ctypes.c_int), ("hi_open", ctypes.c_int)]


class _ScanRes(ctypes.Structure):
    # mirrors cx_scan_res of cevnsx/cx_scan.h
    _fields_ = [("param", ctypes.c_char_p),
                ("best_fit", ctypes.c_double),
                ("chi2_min", ctypes.c_double),
                ("dchi2_crit", ctypes.c_double),
                ("n_intervals", ctypes.c_size_t),
                ("intervals", ctypes.POINTER(_ScanInterval)),
                ("sensitivity_percent", ctypes.c_double),
                ("n_points", ctypes.c_size_t),
                ("x", ctypes.POINTER(ctypes.c_double)),
                ("chi2", ctypes.POINTER(ctypes.c_double)),
                ("n_profile", ctypes.c_size_t),
                ("profile", ctypes.POINTER(ctypes.c_double)),
                ("profile_stride", ctypes.c_size_t),
                ("best_profile", ctypes.POINTER(ctypes.c_double)),
                ("best_at_bound", ctypes.c_int)]


def _load():
    global _lib
    if _lib is not None:
        return _lib
    lib = ctypes.CDLL(library_path())
    P, I, D, S = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_size_t
    C, PI, PD = ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_double)
    sig = {
        "cx_strerror": (C, [I]),
        "cx_detector_load": (P, [C, PI, C, S]),
        "cx_detector_free": (None, [P]),
        "cx_detector_id": (C, [P]),
        "cx_detector_name": (C, [P]),
        "cx_detector_n_isotopes": (S, [P]),
        "cx_model_alloc": (P, [P, I, PI]),
        "cx_model_free": (None, [P]),
        "cx_model_param_lookup": (I, [P, C]),
        "cx_model_param_info": (P, [P, I]),
        "cx_model_n_params": (I, [P]),
        "cx_model_set_param": (I, [P, I, D]),
        "cx_model_get_param": (D, [P, I]),
        "cx_model_apply_preset": (I, [P, C]),
        "cx_model_preset": (C, [P]),
        "cx_model_update": (I, [P]),
        "cx_model_last_error": (C, [P]),
        "cx_model_total": (D, [P]),
        "cx_model_total_sm": (D, [P]),
        "cx_model_total_component": (D, [P, I]),
        "cx_model_total_isotope": (D, [P, S]),
        "cx_model_n_bins": (S, [P]),
        "cx_model_bin_edges": (PD, [P]),
        "cx_model_spectrum": (PD, [P]),
        "cx_model_spectrum_sm": (PD, [P]),
        "cx_param_parse_value": (I, [P, C, PD]),
        "cx_chi2_alloc_name": (P, [C, P, P, PI, C, S]),
        "cx_chi2_free": (None, [P]),
        "cx_chi2_fit_alloc": (P, [S, ctypes.POINTER(P), ctypes.POINTER(P), PI]),
        "cx_chi2_fit_free": (None, [P]),
        "cx_chi2_dchi2_for_cl": (D, [D, I]),
        "cx_scan_alloc": (P, [P, S, PI]),
        "cx_scan_free": (None, [P]),
        "cx_scan_add_profile": (I, [P, C]),
        "cx_scan_set_dchi2": (I, [P, D]),
        "cx_scan_init": (I, [P, C, D, D, S]),
        "cx_scan_step": (I, [P, S]),
        "cx_scan_result": (I, [P, ctypes.POINTER(_ScanRes)]),
        "cx_scan_last_error": (C, [P]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    _lib = lib
    return lib


def _s(b):
    return b.decode("utf-8", "replace") if b is not None else ""


def _check(status, what):
    lib = _load()
    if status != 0:
        raise Error("%s: %s" % (what, _s(lib.cx_strerror(status))))


# ---------------------------------------------------------------- detectors --

def _detector_dirs():
    dirs = []
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg and os.path.isabs(xdg):
        dirs.append(os.path.join(xdg, "cevnsx", "detectors"))
    elif os.environ.get("HOME"):
        dirs.append(os.path.join(os.environ["HOME"], ".config", "cevnsx", "detectors"))
    data = os.environ.get("CEVNSX_DATADIR") or (_config.PKGDATADIR if _config else None)
    if data:
        dirs.append(os.path.join(data, "detectors"))
    return dirs


def _resolve(name):
    if "/" in name or name.endswith(".det"):
        return name
    for d in _detector_dirs():
        p = os.path.join(d, name + ".det")
        if os.path.isfile(p):
            return p
    raise Error("unknown detector '%s' (known: %s)" % (name, ", ".join(detectors()) or "none"))


def detectors():
    """The detector ids found in the search directories, sorted."""
    seen = set()
    for d in _detector_dirs():
        try:
            for f in os.listdir(d):
                if f.endswith(".det") and not f.startswith(".") and os.path.isfile(os.path.join(d, f)):
                    seen.add(f[:-4])
        except OSError:
            pass
    return sorted(seen)


_COMPONENTS = ("numu", "nue", "numubar")


class Model:
    """One detector with its parameters; results are recomputed incrementally.

    Model(detector, engine="fast"): detector is an id ("csi2017") or a path to
    a .det file; engine "reference" uses the slow adaptive quadrature.
    """

    def __init__(self, detector="csi2017", engine="fast"):
        lib = _load()
        if engine not in ("fast", "reference"):
            raise Error("unknown engine '%s' (fast or reference)" % engine)
        path = _resolve(detector)
        st = ctypes.c_int(0)
        err = ctypes.create_string_buffer(1024)
        self._det = lib.cx_detector_load(path.encode(), ctypes.byref(st), err, len(err))
        if not self._det:
            raise Error(_s(err.value) or _s(lib.cx_strerror(st.value)))
        self._m = lib.cx_model_alloc(self._det, 1 if engine == "reference" else 0, ctypes.byref(st))
        if not self._m:
            lib.cx_detector_free(self._det)
            self._det = None
            raise Error("cannot build the model: %s" % _s(lib.cx_strerror(st.value)))
        self.detector = _s(lib.cx_detector_id(self._det))
        self.name = _s(lib.cx_detector_name(self._det))

    def close(self):
        """Frees the engine's model (also done when the object is collected)."""
        lib = _lib
        if lib is None:
            return
        if getattr(self, "_m", None):
            lib.cx_model_free(self._m)
            self._m = None
        if getattr(self, "_det", None):
            lib.cx_detector_free(self._det)
            self._det = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "cevnsx.Model(%r)" % self.detector

    # -------------------------------------------------------- parameters --
    def _id(self, name):
        pid = _lib.cx_model_param_lookup(self._m, name.encode())
        if pid < 0:
            raise Error("unknown parameter '%s' for detector %s" % (name, self.detector))
        return pid

    def params(self):
        """The parameter names of this detector's model, in registry order."""
        out = []
        for pid in range(_lib.cx_model_n_params(self._m)):
            info = _lib.cx_model_param_info(self._m, pid)
            if info:
                out.append(_s(ctypes.cast(info, ctypes.POINTER(ctypes.c_char_p))[0]))
        return out

    def get(self, name):
        """The current value of a parameter."""
        return _lib.cx_model_get_param(self._m, self._id(name))

    def set(self, **values):
        """Sets parameters, e.g. m.set(sin2w=0.24, ff_n="helm"). Every value is
        checked first: on an error nothing changes."""
        parsed = []
        for name, v in values.items():
            pid = self._id(name)
            info = _lib.cx_model_param_info(self._m, pid)
            text = v if isinstance(v, str) else repr(float(v))
            out = ctypes.c_double(0.0)
            st = _lib.cx_param_parse_value(info, text.encode(), ctypes.byref(out))
            if st != 0:
                raise Error("invalid value %s for %s: %s" % (text, name, _s(_lib.cx_strerror(st))))
            parsed.append((pid, out.value, name))
        for pid, v, name in parsed:
            _check(_lib.cx_model_set_param(self._m, pid, v), "set %s" % name)
        return self

    def preset(self, name):
        """Applies a preset (every parameter to its defaults)."""
        _check(_lib.cx_model_apply_preset(self._m, name.encode()), "preset %s" % name)
        return self

    def _update(self):
        st = _lib.cx_model_update(self._m)
        if st != 0:
            raise Error(_s(_lib.cx_model_last_error(self._m)) or _s(_lib.cx_strerror(st)))

    # ----------------------------------------------------------- results --
    def events(self):
        """Expected events: total, Standard Model total, per flux component and
        per isotope."""
        self._update()
        m = self._m
        return {
            "detector": self.detector,
            "total": _lib.cx_model_total(m),
            "total_sm": _lib.cx_model_total_sm(m),
            "components": {c: _lib.cx_model_total_component(m, i) for i, c in enumerate(_COMPONENTS)},
            "isotopes": [_lib.cx_model_total_isotope(m, i)
                         for i in range(_lib.cx_detector_n_isotopes(self._det))],
        }

    def spectrum(self):
        """(edges, events, events_sm): bin edges (n + 1, in the detector's unit)
        and the events per bin of the current model and of the Standard Model."""
        self._update()
        n = _lib.cx_model_n_bins(self._m)
        e, s, sm = (_lib.cx_model_bin_edges(self._m), _lib.cx_model_spectrum(self._m),
                    _lib.cx_model_spectrum_sm(self._m))
        return ([e[i] for i in range(n + 1)], [s[i] for i in range(n)],
                [sm[i] for i in range(n)] if sm else [math.nan] * n)

    def scan(self, param, lo, hi, n=201, stat=None, cl=90.0, profile=()):
        """A Delta chi-squared scan of param over [lo, hi] on n points with the
        detector's statistics (or stat), profiling the parameters in profile.
        Returns a dict: x, dchi2, best_fit, chi2_min, intervals [(lo, hi)...],
        open [(lo_open, hi_open)...] and dchi2_crit."""
        self._update()
        st = ctypes.c_int(0)
        err = ctypes.create_string_buffer(1024)
        chi2 = _lib.cx_chi2_alloc_name(stat.encode() if stat else None, self._m, None,
                                       ctypes.byref(st), err, len(err))
        if not chi2:
            raise Error(_s(err.value) or _s(_lib.cx_strerror(st.value)))
        fit = scan = None
        try:
            models = (ctypes.c_void_p * 1)(self._m)
            chis = (ctypes.c_void_p * 1)(chi2)
            fit = _lib.cx_chi2_fit_alloc(1, models, chis, ctypes.byref(st))
            if not fit:
                raise Error("fit: %s" % _s(_lib.cx_strerror(st.value)))
            scan = _lib.cx_scan_alloc(fit, n, ctypes.byref(st))
            if not scan:
                raise Error("scan: %s" % _s(_lib.cx_strerror(st.value)))
            for p in profile:
                _check(_lib.cx_scan_add_profile(scan, p.encode()), "profile %s" % p)
            _check(_lib.cx_scan_set_dchi2(scan, _lib.cx_chi2_dchi2_for_cl(cl, 1)), "cl %g" % cl)
            self._id(param)
            _check(_lib.cx_scan_init(scan, param.encode(), float(lo), float(hi), n),
                   "scan %s over [%g, %g]" % (param, lo, hi))
            while True:
                rs = _lib.cx_scan_step(scan, 64)
                if rs == -1:  # CX_CONTINUE
                    continue
                if rs != 0:
                    raise Error(_s(_lib.cx_scan_last_error(scan)) or _s(_lib.cx_strerror(rs)))
                break
            r = _ScanRes()
            _check(_lib.cx_scan_result(scan, ctypes.byref(r)), "scan result")
            return {
                "param": param,
                "x": [r.x[i] for i in range(r.n_points)],
                "dchi2": [r.chi2[i] - r.chi2_min for i in range(r.n_points)],
                "best_fit": r.best_fit,
                "chi2_min": r.chi2_min,
                "dchi2_crit": r.dchi2_crit,
                "intervals": [(r.intervals[i].lo, r.intervals[i].hi) for i in range(r.n_intervals)],
                "open": [(bool(r.intervals[i].lo_open), bool(r.intervals[i].hi_open))
                         for i in range(r.n_intervals)],
            }
        finally:
            if scan:
                _lib.cx_scan_free(scan)
            if fit:
                _lib.cx_chi2_fit_free(fit)
            _lib.cx_chi2_free(chi2)
