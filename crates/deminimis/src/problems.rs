//! Every problem of a document's form, not only the first.
//!
//! serde stops at the first field it cannot read, so a shipment with a float amount, an unknown
//! field and a missing price would be sent back three times to be mended one problem at a time.
//! [`every_problem`] reads the document again after setting each problem aside: a member that
//! cannot be read is taken out (an element of a list is replaced by a valid stand-in, so the
//! paths of the elements after it stay true) and a required field that is missing, or was taken
//! out, gets a valid stand-in; then the next problem shows. Stand-ins only let the reading go
//! on: a missing field caused by taking a member out is not reported again, and the document
//! read with them is thrown away.
//!
//! The problems come in the order serde meets them: members in the document's order (kept by
//! [`Node`], which `serde_json::Value` would sort), a missing field after its object's members.
//! At most [`LIMIT`] are listed, and a large document is read again at most 32 times its size
//! (from 1 MiB to 64 MiB); a document with more ends with one problem at `$` saying so.

use crate::error::Error;
use crate::strict::{document_at, Problem, Step};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// The most problems listed for one document (each is found by reading the document again).
pub(crate) const LIMIT: usize = 100;

/// The most bytes read again for one document's problems: 32 times the document, from 1 MiB to
/// 64 MiB. Each problem costs a reading of the whole document, so a large one lists fewer.
fn reread_budget(len: usize) -> usize {
    len.saturating_mul(32).clamp(1 << 20, 64 << 20)
}

/// A JSON value that keeps the members of its objects in the document's order.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// Every problem of `json`'s form as a document of `T`, `first` (the one [`document_at`] already
/// found) first, each turned into an [`Error`] by `error`. `stand_in` gives the JSON text of a
/// valid value for a required field (`(name, false)`) or for an element of the list named `name`
/// (`(name, true)`); a problem with no stand-in ends the list.
pub(crate) fn every_problem<T: serde::de::DeserializeOwned>(
    json: &str,
    first: Problem,
    stand_in: impl Fn(&str, bool) -> Option<&'static str>,
    error: impl Fn(&[Step], &serde_json::Error) -> Error,
) -> Vec<Error> {
    let mut errors = Vec::new();
    // A document that is not JSON at all has this one problem.
    let Ok(mut doc) = serde_json::from_str::<Node>(json) else {
        errors.push(error(&first.0, &first.1));
        return errors;
    };
    // Members taken out: a missing field there is ours, not the caller's.
    let mut set_aside: Vec<Vec<Step>> = Vec::new();
    let mut stood_in: Vec<Vec<Step>> = Vec::new();
    let mut problem = first;
    let (mut reread, budget) = (0, reread_budget(json.len()));
    // Each turn sets one problem aside; a stand-in that does not read would come back forever.
    for _ in 0..LIMIT * 4 {
        let (steps, e) = &problem;
        let e = error(steps, e);
        let missing = match &e {
            Error::MissingField { found, .. } => Some(found.clone()),
            _ => None,
        };
        let ours = missing.as_ref().is_some_and(|field| {
            set_aside.iter().any(|p| {
                p.split_last().is_some_and(|(last, parent)| {
                    *last == Step::Key(field.clone()) && parent == steps.as_slice()
                })
            })
        });
        if !ours && push(&mut errors, e) == Pushed::Full {
            break;
        }
        let Some(path) = set_aside_problem(&mut doc, steps, missing.as_deref(), &stand_in) else {
            break;
        };
        if missing.is_some() {
            // A field stood in for once reads; missing again, the stand-in does not.
            if stood_in.contains(&path) {
                break;
            }
            stood_in.push(path);
        } else {
            set_aside.push(path);
        }
        let Ok(text) = serde_json::to_string(&doc) else {
            break;
        };
        reread += text.len();
        if reread > budget {
            errors.push(Error::InvalidValue {
                path: "$".into(),
                expected: "a document small enough to be read again for each of its problems"
                    .into(),
                found: format!(
                    "more to read after {} problems (they are listed)",
                    errors.len()
                ),
            });
            break;
        }
        problem = match document_at::<T>(&text) {
            Ok(_) => break,
            Err(p) => p,
        };
    }
    errors
}

/// What [`push`] did.
#[derive(Debug, PartialEq, Eq)]
enum Pushed {
    Added,
    /// The same problem is listed already (a key given twice: its second member, once the first
    /// is taken out): not listed again, and the reading goes on.
    Seen,
    /// The list is full; it ends with the problem saying so.
    Full,
}

/// Add a problem to the list.
fn push(errors: &mut Vec<Error>, e: Error) -> Pushed {
    if errors.contains(&e) {
        return Pushed::Seen;
    }
    if errors.len() == LIMIT {
        errors.push(Error::InvalidValue {
            path: "$".into(),
            expected: format!("at most {LIMIT} problems in one document"),
            found: format!("more; the first {LIMIT} are listed"),
        });
        return Pushed::Full;
    }
    errors.push(e);
    Pushed::Added
}

/// Set the problem at `steps` aside: stand in for the `missing` field of the object there, or take
/// the member there out (stand in for a list's element). The path set aside, or `None` when the
/// problem cannot be set aside (it is the whole document's, or has no stand-in).
fn set_aside_problem(
    doc: &mut Node,
    steps: &[Step],
    missing: Option<&str>,
    stand_in: &impl Fn(&str, bool) -> Option<&'static str>,
) -> Option<Vec<Step>> {
    if let Some(field) = missing {
        let value = serde_json::from_str::<Node>(stand_in(field, false)?).ok()?;
        let Node::Object(members) = node_at(doc, steps)? else {
            return None;
        };
        members.push((field.to_string(), value));
        let mut path = steps.to_vec();
        path.push(Step::Key(field.to_string()));
        return Some(path);
    }
    let (last, parent_steps) = steps.split_last()?;
    let list_name = match parent_steps.last() {
        Some(Step::Key(name)) => Some(name.clone()),
        _ => None,
    };
    match (node_at(doc, parent_steps)?, last) {
        (Node::Object(members), Step::Key(key)) => {
            let at = members.iter().position(|(name, _)| name == key)?;
            members.remove(at);
        }
        (Node::List(elements), Step::Index(i)) => {
            let text = stand_in(list_name.as_deref()?, true)?;
            *elements.get_mut(*i)? = serde_json::from_str::<Node>(text).ok()?;
        }
        _ => return None,
    }
    Some(steps.to_vec())
}

/// The node at `steps`, if there is one.
fn node_at<'a>(mut node: &'a mut Node, steps: &[Step]) -> Option<&'a mut Node> {
    for step in steps {
        node = match (node, step) {
            (Node::Object(members), Step::Key(key)) => {
                &mut members.iter_mut().find(|(name, _)| name == key)?.1
            }
            (Node::List(elements), Step::Index(i)) => elements.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Number(n) => n.serialize(s),
            Node::String(v) => s.serialize_str(v),
            Node::List(elements) => {
                let mut seq = s.serialize_seq(Some(elements.len()))?;
                for e in elements {
                    seq.serialize_element(e)?;
                }
                seq.end()
            }
            Node::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                serde_json::Number::from_f64(v)
                    .map(Node::Number)
                    .ok_or_else(|| E::custom("a number JSON cannot write"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::String(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut elements = Vec::new();
                while let Some(e) = seq.next_element()? {
                    elements.push(e);
                }
                Ok(Node::List(elements))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Node>()? {
                    members.push(member);
                }
                Ok(Node::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}
