#!/usr/bin/env bash
# Rebuilds geo-sql/src/main/resources/demo/countries-110m.geojson: Natural Earth 1:110m countries
# (public domain) from the world-atlas npm package, converted from TopoJSON with topojson-client,
# properties reduced to `name`, coordinates rounded to 1e-4 degrees (about 11 m).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent world-atlas@2.0.2 topojson-client@3 >/dev/null
node -e "
const topo = require('topojson-client');
const t = require('./node_modules/world-atlas/countries-110m.json');
const fc = topo.feature(t, t.objects.countries);
const round = c => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4];
fc.features.forEach(f => { f.properties = { name: f.properties.name }; delete f.id; f.geometry.coordinates = round(f.geometry.coordinates); });
require('fs').writeFileSync('$root/geo-sql/src/main/resources/demo/countries-110m.geojson', JSON.stringify(fc));
console.log(fc.features.length + ' countries written');
"
