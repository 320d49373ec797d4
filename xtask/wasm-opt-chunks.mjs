// wasm-opt for many small modules in one process (`cargo xtask`, release
// builds): the chunks of a split front end, each through the same passes as
// `wasm-opt <flags>` with binaryen's JavaScript API. It gives the same bytes
// (each build checks one chunk against wasm-opt) without starting wasm-opt,
// and compiling binaryen, once per chunk.
//
// node wasm-opt-chunks.mjs <binaryen/index.js> <flags as JSON> [names]
// reads [[input, output], ...] as JSON on stdin.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [binaryenPath, flagsJson, names] = process.argv.slice(2);
const binaryen = (await import(pathToFileURL(binaryenPath).href)).default;
const FEATURES = {
  '--enable-bulk-memory': binaryen.Features.BulkMemory,
  '--enable-nontrapping-float-to-int': binaryen.Features.NontrappingFPToInt,
  '--enable-sign-ext': binaryen.Features.SignExt,
  '--enable-mutable-globals': binaryen.Features.MutableGlobals,
  '--enable-reference-types': binaryen.Features.ReferenceTypes,
  '--enable-multivalue': binaryen.Features.Multivalue,
};
let features = 0;
for (const flag of JSON.parse(flagsJson)) {
  if (flag === '-Oz') {
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(2);
  } else if (flag in FEATURES) {
    features |= FEATURES[flag];
  } else {
    throw new Error(`wasm-opt-chunks: no equivalent for ${flag}`);
  }
}
// What wasm-opt does when it optimises and writes a binary.
binaryen.setGenerateStackIR(true);
binaryen.setOptimizeStackIR(true);
binaryen.setDebugInfo(names === 'names');
for (const [input, output] of JSON.parse(fs.readFileSync(0, 'utf8'))) {
  const module = binaryen.readBinary(fs.readFileSync(input));
  module.setFeatures(module.getFeatures() | features);
  module.optimize();
  fs.writeFileSync(output, module.emitBinary());
  module.dispose();
}
