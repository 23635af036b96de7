/** View model of the LA's quarterly return form, generated from the catalogue. */
import { Indicators, Quarters, Region, type Returns } from "@riia/core";

export function returnModel(
  s: Returns.Session,
  extra: {
    errors?: { field: string; message: string }[];
    prompts?: { indicator: string; message: string }[];
    posted?: Record<string, string>;
  },
) {
  const errors = extra.errors ?? [];
  const prompts = extra.prompts ?? [];
  const shown = (id: string) => {
    if (extra.posted) return extra.posted[`v-${id}`] ?? "";
    const v = s.current?.values[id];
    return v === null || v === undefined ? "" : String(v);
  };
  const themes = [
    ...new Set(s.catalogue.indicators.filter((i) => i.source === "quarterly-return").map((i) => i.theme)),
  ];
  const groups = themes.map((theme) => ({
    theme: Region.DEFAULT_THEMES.find((t) => t.id === theme)?.label ?? theme,
    fields: s.catalogue.indicators
      .filter((i) => i.theme === theme && i.source === "quarterly-return")
      .map((i) => {
        const prev = s.previous?.values[i.id];
        const error = errors.find((e) => e.field === `v-${i.id}`);
        const prompt = prompts.find((p) => p.indicator === i.id);
        const note = extra.posted?.[`note-${i.id}`] ?? s.current?.notes[i.id] ?? "";
        return {
          id: `v-${i.id}`,
          name: `v-${i.id}`,
          label: `${i.name} (${Indicators.UNIT_LABELS[i.unit]})`,
          hint: `${i.definition}${prev !== undefined ? ` Last quarter: ${Indicators.formatValue(i, prev)}.` : ""}`,
          value: shown(i.id),
          error: error?.message,
          prompt: prompt?.message,
          noteId: `note-${i.id}`,
          note,
          showNote: Boolean(prompt || note),
        };
      }),
  }));
  return {
    title: `Core dataset for ${Quarters.label(s.quarter)}`,
    authorityName: s.authority.name,
    quarter: Quarters.label(s.quarter),
    dueAt: s.round?.dueAt.slice(0, 10),
    sent: Boolean(s.current),
    groups,
    errors: [
      ...errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
      ...prompts.map((p) => ({ text: p.message, href: `#note-${p.indicator}` })),
    ],
  };
}
