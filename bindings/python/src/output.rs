//! Core documents → Python objects, through the core's own `Serialize` implementations.
//!
//! The binding never reads the core's structs field by field: it serializes them, as the JSON
//! contract does, into Python objects ([`to_py`]) or into a few picked strings ([`pick`], which needs
//! no Python and runs in parallel). So it depends on the contract's field names, not on the core's
//! struct layout. The only contract knowledge here is which fields are amounts (they become
//! `decimal.Decimal`) and which are dates (they become `datetime.date`): [`leaf`].

use crate::input::decimal_type;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDict, PyList, PyString};
use serde::ser::{self, Serialize};
use std::fmt;

/// Which document is being converted (the same key means different things in each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    /// The Quote (output) document.
    Quote,
    /// The Shipment (input) document.
    Shipment,
}

/// What a string leaf of the contract holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Decimal,
    Date,
    Text,
}

/// The contract's typed string fields, by path of field names (list indexes left out).
fn leaf(doc: Doc, path: &[&str]) -> Leaf {
    match doc {
        Doc::Quote => match path {
            ["date"] | ["fx", "rate_date"] => Leaf::Date,
            ["goods_value" | "shipping" | "insurance" | "customs_value" | "duty" | "fees_total"
            | "taxes_and_fees" | "due_at_import" | "landed_cost"]
            | ["de_minimis", "threshold" | "tested_value"]
            | ["lines", "value" | "customs_value" | "duty" | "vat"]
            | ["lines", "duties", "base" | "amount"]
            | ["vat", "amount" | "base"]
            | ["fees", "amount"]
            | ["fx", "rate"] => Leaf::Decimal,
            _ => Leaf::Text,
        },
        Doc::Shipment => match path {
            ["date" | "export_date" | "sale_date"] | ["fx_rates", "date"] => Leaf::Date,
            ["shipping" | "shipping_to_border" | "insurance" | "same_day_value"]
            | ["items", "quantity" | "unit_price" | "net_weight_kg" | "units"]
            | ["items", "section_232", "content_value"]
            | ["fx_rates", "rate"] => Leaf::Decimal,
            _ => Leaf::Text,
        },
    }
}

/// A `datetime.date` from `YYYY-MM-DD`.
pub(crate) fn py_date<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let part = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<i32>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(d)) if text.len() == 10 => {
            let m = u8::try_from(m).map_err(|e| PyValueError::new_err(e.to_string()))?;
            let d = u8::try_from(d).map_err(|e| PyValueError::new_err(e.to_string()))?;
            Ok(PyDate::new(py, y, m, d)?.into_any())
        }
        _ => Err(PyValueError::new_err(format!(
            "the core wrote the date {text:?}, expected YYYY-MM-DD"
        ))),
    }
}

/// A `decimal.Decimal` from its text.
pub(crate) fn py_decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((text,))
}

/// A Python error carried through serde.
#[derive(Debug)]
pub(crate) struct ToPyError(pub PyErr);

impl fmt::Display for ToPyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ToPyError {}

impl ser::Error for ToPyError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ToPyError(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for ToPyError {
    fn from(e: PyErr) -> Self {
        ToPyError(e)
    }
}

/// Convert a core document into Python objects: structs become dicts (in the contract's field
/// order), lists become lists, amounts `Decimal`, dates `datetime.date`. With `only`, convert just
/// that top-level field and return its value.
pub(crate) fn to_py<'py, T: Serialize>(
    py: Python<'py>,
    doc: Doc,
    value: &T,
    only: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut path = Vec::new();
    value
        .serialize(ToPy {
            py,
            doc,
            path: &mut path,
            only,
        })
        .map_err(|e| e.0)
}

/// The small integer methods of a serde `Serializer`, each widened to `serialize_i64` or
/// `serialize_u64` (the contract holds no integers but counts; both serializers treat them alike).
macro_rules! widen_integers {
    ($ret:ty) => {
        fn serialize_i8(self, v: i8) -> $ret {
            self.serialize_i64(i64::from(v))
        }
        fn serialize_i16(self, v: i16) -> $ret {
            self.serialize_i64(i64::from(v))
        }
        fn serialize_i32(self, v: i32) -> $ret {
            self.serialize_i64(i64::from(v))
        }
        fn serialize_u8(self, v: u8) -> $ret {
            self.serialize_u64(u64::from(v))
        }
        fn serialize_u16(self, v: u16) -> $ret {
            self.serialize_u64(u64::from(v))
        }
        fn serialize_u32(self, v: u32) -> $ret {
            self.serialize_u64(u64::from(v))
        }
    };
}

/// One serde compound trait (`SerializeSeq`, `SerializeStruct`, …) for a builder whose every
/// element goes to one of its methods (a value, or with `(key)` a named value) and whose end is
/// another: the traits of one shape are written once.
macro_rules! compound {
    ($tr:ident :: $m:ident for $ty:ty [$($g:tt)*]: $ok:ty, $err:ty; $add:ident; $end:ident) => {
        impl<$($g)*> ser::$tr for $ty {
            type Ok = $ok;
            type Error = $err;
            fn $m<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), $err> {
                self.$add(value)
            }
            fn end(self) -> Result<$ok, $err> {
                self.$end()
            }
        }
    };
    ($tr:ident :: $m:ident (key) for $ty:ty [$($g:tt)*]: $ok:ty, $err:ty; $add:ident; $end:ident) => {
        impl<$($g)*> ser::$tr for $ty {
            type Ok = $ok;
            type Error = $err;
            fn $m<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), $err> {
                self.$add(key, value)
            }
            fn end(self) -> Result<$ok, $err> {
                self.$end()
            }
        }
    };
}

struct ToPy<'a, 'py> {
    py: Python<'py>,
    doc: Doc,
    path: &'a mut Vec<&'static str>,
    only: Option<&'a str>,
}

impl<'a, 'py> ToPy<'a, 'py> {
    fn child(&mut self) -> ToPy<'_, 'py> {
        ToPy {
            py: self.py,
            doc: self.doc,
            path: self.path,
            only: None,
        }
    }
}

type R<'py> = Result<Bound<'py, PyAny>, ToPyError>;

/// A list being built.
struct SeqBuilder<'a, 'py> {
    ser: ToPy<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

/// A dict being built (structs and maps).
struct DictBuilder<'a, 'py> {
    ser: ToPy<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    picked: Option<Bound<'py, PyAny>>,
}

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    type SerializeSeq = SeqBuilder<'a, 'py>;
    type SerializeTuple = SeqBuilder<'a, 'py>;
    type SerializeTupleStruct = SeqBuilder<'a, 'py>;
    type SerializeTupleVariant = SeqBuilder<'a, 'py>;
    type SerializeMap = DictBuilder<'a, 'py>;
    type SerializeStruct = DictBuilder<'a, 'py>;
    type SerializeStructVariant = DictBuilder<'a, 'py>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        Ok(pyo3::types::PyBool::new(self.py, v).to_owned().into_any())
    }
    widen_integers!(R<'py>);
    fn serialize_i64(self, v: i64) -> R<'py> {
        let Ok(n) = v.into_pyobject(self.py);
        Ok(n.into_any())
    }
    fn serialize_u64(self, v: u64) -> R<'py> {
        let Ok(n) = v.into_pyobject(self.py);
        Ok(n.into_any())
    }
    fn serialize_f32(self, _v: f32) -> R<'py> {
        Err(ser::Error::custom(
            "the core wrote a float, which the contract never holds",
        ))
    }
    fn serialize_f64(self, _v: f64) -> R<'py> {
        Err(ser::Error::custom(
            "the core wrote a float, which the contract never holds",
        ))
    }
    fn serialize_char(self, v: char) -> R<'py> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        Ok(match leaf(self.doc, self.path) {
            Leaf::Decimal => py_decimal(self.py, v)?,
            Leaf::Date => py_date(self.py, v)?,
            Leaf::Text => PyString::new(self.py, v).into_any(),
        })
    }
    fn serialize_bytes(self, v: &[u8]) -> R<'py> {
        Ok(pyo3::types::PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R<'py> {
        Ok(PyString::new(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> R<'py> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> R<'py> {
        let dict = PyDict::new(self.py);
        self.path.push(variant);
        let v = value.serialize(self.child());
        self.path.pop();
        dict.set_item(variant, v?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<'a, 'py>, ToPyError> {
        Ok(SeqBuilder {
            ser: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<'a, 'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'a, 'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'a, 'py>, ToPyError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<DictBuilder<'a, 'py>, ToPyError> {
        let dict = PyDict::new(self.py);
        Ok(DictBuilder {
            ser: self,
            dict,
            key: None,
            picked: None,
        })
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<DictBuilder<'a, 'py>, ToPyError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<DictBuilder<'a, 'py>, ToPyError> {
        self.serialize_map(Some(len))
    }
}

impl<'py> SeqBuilder<'_, 'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        let v = value.serialize(self.ser.child())?;
        self.items.push(v);
        Ok(())
    }
    fn finish(self) -> R<'py> {
        Ok(PyList::new(self.ser.py, self.items)?.into_any())
    }
}

compound! { SerializeSeq::serialize_element for SeqBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; push; finish }
compound! { SerializeTuple::serialize_element for SeqBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; push; finish }
compound! { SerializeTupleStruct::serialize_field for SeqBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; push; finish }
compound! { SerializeTupleVariant::serialize_field for SeqBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; push; finish }

impl<'py> DictBuilder<'_, 'py> {
    fn field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ToPyError> {
        if let Some(only) = self.ser.only {
            if only == key {
                self.ser.path.push(key);
                let v = value.serialize(self.ser.child());
                self.ser.path.pop();
                self.picked = Some(v?);
            }
            return Ok(());
        }
        self.ser.path.push(key);
        let v = value.serialize(self.ser.child());
        self.ser.path.pop();
        self.dict.set_item(key, v?)?;
        Ok(())
    }
    fn finish(self) -> R<'py> {
        match (self.ser.only, self.picked) {
            (None, _) => Ok(self.dict.into_any()),
            (Some(_), Some(v)) => Ok(v),
            (Some(key), None) => Err(ser::Error::custom(format!(
                "the document has no field `{key}`"
            ))),
        }
    }
}

compound! { SerializeStruct::serialize_field (key) for DictBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; field; finish }
compound! { SerializeStructVariant::serialize_field (key) for DictBuilder<'a, 'py> ['a, 'py]: Bound<'py, PyAny>, ToPyError; field; finish }

impl<'py> ser::SerializeMap for DictBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), ToPyError> {
        // A key is text whatever the path: a segment no leaf rule names keeps it so.
        self.ser.path.push("{key}");
        let k = key.serialize(self.ser.child());
        self.ser.path.pop();
        self.key = Some(k?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ToPyError> {
        let v = value.serialize(self.ser.child())?;
        match self.key.take() {
            Some(k) => self.dict.set_item(k, v)?,
            None => return Err(ser::Error::custom("a map value without a key")),
        }
        Ok(())
    }
    fn end(self) -> R<'py> {
        self.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// Picking a few values without Python (for DataFrame columns and reprs).

/// A scalar picked out of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// A string (amounts and dates are strings in the contract).
    Str(String),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
}

impl Scalar {
    /// The string, or "" for anything else.
    pub fn as_str(&self) -> &str {
        match self {
            Scalar::Str(s) => s,
            _ => "",
        }
    }
}

/// For each wanted path (field names, list indexes left out), every scalar found there, in
/// document order (a path through a list finds one value per element).
pub(crate) fn pick<T: Serialize>(value: &T, wanted: &[&[&str]]) -> Vec<Vec<Scalar>> {
    let mut picker = Picker {
        wanted,
        path: Vec::with_capacity(4),
        out: vec![Vec::new(); wanted.len()],
    };
    // A failure can only come from a Serialize impl that fails, which the core's never do; what
    // was picked until then is still returned.
    let _ = value.serialize(&mut picker);
    picker.out
}

struct Picker<'w> {
    wanted: &'w [&'w [&'w str]],
    path: Vec<&'static str>,
    out: Vec<Vec<Scalar>>,
}

impl Picker<'_> {
    fn record(&mut self, s: Scalar) {
        for (i, w) in self.wanted.iter().enumerate() {
            if *w == self.path.as_slice() {
                if let Some(slot) = self.out.get_mut(i) {
                    slot.push(s.clone());
                }
            }
        }
    }
    /// Whether some wanted path goes through `path + key`.
    fn wants(&self, key: &str) -> bool {
        let depth = self.path.len();
        self.wanted.iter().any(|w| {
            w.len() > depth && w.get(depth) == Some(&key) && w.get(..depth) == Some(&self.path)
        })
    }
}

#[derive(Debug)]
struct PickError;

impl fmt::Display for PickError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pick failed")
    }
}

impl std::error::Error for PickError {}

impl ser::Error for PickError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        PickError
    }
}

type P = Result<(), PickError>;

impl<'w> ser::Serializer for &mut Picker<'w> {
    type Ok = ();
    type Error = PickError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = ser::Impossible<(), PickError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> P {
        self.record(Scalar::Bool(v));
        Ok(())
    }
    widen_integers!(P);
    fn serialize_i64(self, v: i64) -> P {
        self.record(Scalar::Str(v.to_string()));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> P {
        self.record(Scalar::Str(v.to_string()));
        Ok(())
    }
    fn serialize_f32(self, _v: f32) -> P {
        Err(PickError)
    }
    fn serialize_f64(self, _v: f64) -> P {
        Err(PickError)
    }
    fn serialize_char(self, v: char) -> P {
        self.record(Scalar::Str(v.to_string()));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> P {
        self.record(Scalar::Str(v.to_string()));
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> P {
        Ok(())
    }
    fn serialize_none(self) -> P {
        self.record(Scalar::Null);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> P {
        value.serialize(self)
    }
    fn serialize_unit(self) -> P {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> P {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> P {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> P {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> P {
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, PickError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, PickError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, PickError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, PickError> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, PickError> {
        Err(PickError)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, PickError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, PickError> {
        Ok(self)
    }
}

impl Picker<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> P {
        value.serialize(self)
    }
    fn done(&mut self) -> P {
        Ok(())
    }
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> P {
        if !self.wants(key) {
            return Ok(());
        }
        self.path.push(key);
        let r = value.serialize(&mut *self);
        self.path.pop();
        r
    }
}

compound! { SerializeSeq::serialize_element for &mut Picker<'w> ['w]: (), PickError; element; done }
compound! { SerializeTuple::serialize_element for &mut Picker<'w> ['w]: (), PickError; element; done }
compound! { SerializeTupleStruct::serialize_field for &mut Picker<'w> ['w]: (), PickError; element; done }
compound! { SerializeTupleVariant::serialize_field for &mut Picker<'w> ['w]: (), PickError; element; done }
compound! { SerializeStruct::serialize_field (key) for &mut Picker<'w> ['w]: (), PickError; field; done }
compound! { SerializeStructVariant::serialize_field (key) for &mut Picker<'w> ['w]: (), PickError; field; done }
