/** A short, complete self-evaluation as an officer types it into each section's page (field names as posted). */
export const selfEvaluationAnswers = (period: string): Record<string, Record<string, string>> => ({
  context: { "q.period": period, "q.context": "A city with rising demand.", "q.last-inspection": "good" },
  themes: {
    "q.themes.0.theme": "front-door",
    "q.themes.0.strengths": "Timely decisions.",
    "q.themes.0.areas": "Threshold consistency.",
    "q.themes.0.rating": "good",
  },
  summary: { "q.quality": "Good.", "q.how-know": "Audits.", "q.plans": "Embed the model." },
  offers: { "q.can-offer": "no" },
});
