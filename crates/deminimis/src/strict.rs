//! Reading the documents (the shipment contract and the rule document) strictly, where serde's
//! derived readers are lenient or misreport: unit-only enums read by their names
//! ([`read_by_name`]), objects read from JSON objects only ([`object`]), a whole document with
//! the JSON path of its problem ([`document`], [`document_at`]).

use serde::de;
use std::fmt;

/// A unit-only enum of a document and its names: `as_str` (public, an exhaustive match, so a
/// variant missing from the list does not compile) and a `Deserialize` that reads the name through
/// `deserialize_str`.
///
/// serde's derived `Deserialize` asks serde_json for an enum, and serde_json answers a number,
/// list, object, bool or null in its place with a syntax error (`invalid_json`, "expected value
/// at line 1 column 65"), although the text is valid JSON. Read as a string, the same value is an
/// `invalid_value` that names the choices ("expected one of `postal`, ..., found integer `5`").
/// The names are the ones the derived `Serialize` writes (`rename_all = "snake_case"`); a unit
/// test checks every variant both ways.
macro_rules! read_by_name {
    ($ty:ident { $($rest:tt)* }) => {
        $crate::strict::read_by_name!($ty at "deminimis::" { $($rest)* });
    };
    // `$path`: where the type is in the public API, for the example of `as_str`.
    ($ty:ident at $path:literal { $first:ident => $first_name:literal $(, $variant:ident => $name:literal)* $(,)? }) => {
        impl $ty {
            pub(crate) const NAMES: &'static [&'static str] = &[$first_name, $($name),*];
            pub(crate) const VALUES: &'static [$ty] = &[$ty::$first, $($ty::$variant),*];

            /// The document's name of the value.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(", $path, stringify!($ty), "::", stringify!($first), ".as_str(), \"", $first_name, "\");")]
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $ty::$first => $first_name,
                    $($ty::$variant => $name),*
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::strict::ByName {
                    names: $ty::NAMES,
                    values: $ty::VALUES,
                })
            }
        }
    };
}

/// The visitor of [`read_by_name`]: a name in `names` gives the value at the same index.
pub(crate) struct ByName<T: 'static> {
    pub names: &'static [&'static str],
    pub values: &'static [T],
}

impl<T: Copy> de::Visitor<'_> for ByName<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde's own wording for an unknown variant: "`a` or `b`", "one of `a`, `b`, `c`".
        if let [a, b] = self.names {
            return write!(f, "`{a}` or `{b}`");
        }
        f.write_str("one of ")?;
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        self.names
            .iter()
            .position(|n| *n == v)
            .and_then(|i| self.values.get(i).copied())
            .ok_or_else(|| E::unknown_variant(v, self.names))
    }
}

pub(crate) use read_by_name;

/// One step of a JSON path: a member of an object or an element of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// A path as the errors write it: `$`, `$.items[0].unit_price`.
pub(crate) fn path_text(steps: &[Step]) -> String {
    let mut out = String::from("$");
    for step in steps {
        match step {
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A problem as the reader reports it: where, and serde's error.
pub(crate) type Problem = (Vec<Step>, serde_json::Error);

/// Read a whole JSON document: an object of type `T` (read with [`object::Object`]) and nothing
/// after it but whitespace. The error comes with the JSON path of the problem (`$` for what
/// follows the document); the callers (the shipment and the rule document) turn it into their
/// own error.
pub(crate) fn document<'de, T: de::Deserialize<'de>>(
    json: &'de str,
) -> Result<T, (String, serde_json::Error)> {
    document_at(json).map_err(|(steps, e)| (path_text(&steps), e))
}

/// [`document`] with the path of the problem as steps ([`crate::problems::every_problem`] goes
/// there to set it aside).
pub(crate) fn document_at<'de, T: de::Deserialize<'de>>(json: &'de str) -> Result<T, Problem> {
    use serde_path_to_error::Segment;
    let mut reader = serde_json::Deserializer::from_str(json);
    let object::Object(value) =
        serde_path_to_error::deserialize::<_, object::Object<T>>(&mut reader).map_err(|e| {
            let steps = (e.path().iter())
                .filter_map(|seg| match seg {
                    Segment::Seq { index } => Some(Step::Index(*index)),
                    Segment::Map { key } => Some(Step::Key(key.clone())),
                    Segment::Enum { variant } => Some(Step::Key(variant.clone())),
                    Segment::Unknown => None,
                })
                .collect();
            (steps, e.into_inner())
        })?;
    reader.end().map_err(|e| (Vec::new(), e))?;
    Ok(value)
}

/// Objects of the documents are read from JSON objects only. serde's derived `Deserialize` for a struct
/// also takes an array, its fields by position (`"items": [["6109.10", "", "CN", "1", "10"]]`),
/// which the contract does not allow and which would pass `deny_unknown_fields` by; read
/// through `deserialize_map`, an array is an `invalid_value` ("expected an object, found a
/// list").
pub(crate) mod object {
    use serde::de::{value::MapAccessDeserializer, MapAccess, Visitor};
    use serde::{Deserialize, Deserializer};
    use std::fmt;
    use std::marker::PhantomData;

    /// A `T` read from a JSON object only.
    pub(crate) struct Object<T>(pub T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
                type Value = T;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::deserialize(MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_map(V(PhantomData)).map(Object)
        }
    }

    /// `deserialize_with` of a field holding one object.
    pub(crate) fn one<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
        Object::deserialize(d).map(|o| o.0)
    }

    /// `deserialize_with` of an optional object (null or absent: `None`).
    pub(crate) fn optional<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(Option::<Object<T>>::deserialize(d)?.map(|o| o.0))
    }

    /// `deserialize_with` of a list of objects.
    pub(crate) fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        let objects = Vec::<Object<T>>::deserialize(d)?;
        Ok(objects.into_iter().map(|o| o.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Comparison, FeeBasis, FeeWhen, LayerMethod};
    use crate::{
        FlatDutyItem, FlatDutyScope, FrParcelFeeUnit, Kind, Metal, Mode, PostalMethod, VatRoute,
    };
    use serde::{Deserialize, Serialize};

    /// Every variant of `T` reads from the name `Serialize` writes for it (its `as_str`), and back.
    fn names_round_trip<T>(values: &[T], name: fn(T) -> &'static str)
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + for<'de> Deserialize<'de>,
    {
        for &v in values {
            let written = serde_json::to_string(&v).unwrap();
            assert_eq!(written, format!("\"{}\"", name(v)));
            assert_eq!(serde_json::from_str::<T>(&written).unwrap(), v);
        }
    }

    #[test]
    fn document_enums_read_every_name_they_write() {
        names_round_trip(Mode::VALUES, Mode::as_str);
        names_round_trip(Kind::VALUES, Kind::as_str);
        names_round_trip(VatRoute::VALUES, VatRoute::as_str);
        names_round_trip(PostalMethod::VALUES, PostalMethod::as_str);
        names_round_trip(FlatDutyScope::VALUES, FlatDutyScope::as_str);
        names_round_trip(FlatDutyItem::VALUES, FlatDutyItem::as_str);
        names_round_trip(FrParcelFeeUnit::VALUES, FrParcelFeeUnit::as_str);
        names_round_trip(Metal::VALUES, Metal::as_str);
        names_round_trip(Comparison::VALUES, Comparison::as_str);
        names_round_trip(LayerMethod::VALUES, LayerMethod::as_str);
        names_round_trip(FeeBasis::VALUES, FeeBasis::as_str);
        names_round_trip(FeeWhen::VALUES, FeeWhen::as_str);
        assert_eq!(Mode::VALUES.len(), 6);
        assert_eq!(FeeWhen::VALUES.len(), 5);
        // The examples of the hand-written `as_str` these replaced.
        assert_eq!(Mode::Ocean.as_str(), "ocean");
        assert_eq!(Kind::Gift.as_str(), "gift");
        assert_eq!(VatRoute::Special.as_str(), "special");
        assert_eq!(Metal::Copper.as_str(), "copper");
        assert_eq!(LayerMethod::TopUpTo.as_str(), "top_up_to");
    }
}
