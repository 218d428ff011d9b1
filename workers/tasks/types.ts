/** What a kernel task is: a function of a plain, structured-cloneable payload that returns small metadata. */
export type KernelTask = (payload: never) => unknown;

/** A set of named tasks; a module passed as `taskModules` exports one as `tasks`. */
export type KernelTaskSet = Readonly<Record<string, KernelTask>>;
