import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Cycle } from "./stacks/Cycle";
import { applyDefaults } from "./stacks/defaults";
import { Email } from "./stacks/Email";
import { Storage } from "./stacks/Storage";

export default {
  config() {
    return { name: "riia", region: "eu-west-2" };
  },
  stacks(app) {
    applyDefaults(app);
    // Api comes before Email: the inbound function needs the app's URL for links in its replies,
    // and nothing in Api needs Email (the configuration set's name is deterministic).
    app.stack(Storage).stack(Api).stack(Email).stack(Cycle);
  },
} satisfies SSTConfig;
