/** How long "remember me" keeps a session after the last visit: 30 days. */
export const REMEMBER_SECONDS = 30 * 86_400
/** Seconds a one-time code lives unless the form says otherwise. */
export const CODE_TTL_DEFAULT = 15
/** Longest a one-time code may live, in seconds. */
export const CODE_TTL_MAX = 3600
