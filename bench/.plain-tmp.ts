import { functionDefaults } from "../stacks/defaults";
import { bundleLikeSst } from "./bundle";
functionDefaults.nodejs!.minify = false;
const r = await bundleLikeSst(process.argv[2]!, process.argv[3]!);
console.log(r);
