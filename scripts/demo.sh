#!/usr/bin/env bash
# The main job on the bundled examples: what cotton T-shirts from China cost, landed in the US
# (express: a $36 parcel and a $900 one) and in Germany (post), at every rule change from 2015 to
# today, then one full quote with the legal reason for every amount.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p deminimis-cli
bin=target/release/deminimis
$bin timeline examples/tshirts-cn-us.json
echo
$bin timeline examples/tshirts-cn-us-wholesale.json
echo
$bin timeline examples/tshirts-cn-de.json
echo
$bin quote examples/tshirts-cn-de.json
