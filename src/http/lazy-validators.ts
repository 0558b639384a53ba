import { AjvCompiler } from '@fastify/ajv-compiler';

type BuildValidator = ReturnType<typeof AjvCompiler>;
type Validate = ReturnType<ReturnType<BuildValidator>>;
type Route = Parameters<ReturnType<BuildValidator>>[0];

const AJV_POOL: BuildValidator = AjvCompiler();

/** LazyValidate is a request validator that compiles its schema on its first call. */
interface LazyValidate {
  (data: unknown, context?: object): boolean | Promise<unknown>;
  errors?: Validate['errors'];
  /** schemaEnv is set so Fastify passes the parent context Ajv needs to coerce a root value. */
  schemaEnv: true;
}

/**
 * headerKeysLowerCase refuses a headers schema with an upper-case property: Fastify lower-cases
 * them for its own compiler but not for another (Node hands headers over in lower case), so a
 * schema that relied on it would silently stop matching. Checked when the route is built.
 */
function headerKeysLowerCase(route: Route): void {
  const properties = (route.schema as { properties?: Record<string, unknown> }).properties ?? {};
  const upper = Object.keys(properties).find((k) => k !== k.toLowerCase());
  if (upper !== undefined) throw new Error(`${route.method} ${route.url}: header "${upper}" must be written in lower case`);
}

/**
 * lazyValidators is Fastify's own request validator compiler (Ajv, through
 * @fastify/ajv-compiler, with the app's Ajv options) compiling each route's schema on the
 * first request that needs it instead of at start (and its Ajv instance on the first of all): compiling every route's request
 * schemas was the largest part of a server's start (docs/operations.md, The compiled
 * build). The validator, its options and its errors are the same; a route never called
 * never pays, and the first call of a route pays a few milliseconds.
 */
export const lazyValidators: BuildValidator = (externalSchemas, options) => {
  // One pool, as Fastify keeps: each plugin's schema controller asks again, and the same
  // shared schemas and options get the same Ajv instance instead of a new one each time.
  // The instance itself is made by the first compilation too (it costs tens of milliseconds).
  let compile: ReturnType<BuildValidator> | undefined;
  return (route) => {
    if (route.httpPart === 'headers') headerKeysLowerCase(route);
    let validate: Validate | undefined;
    const lazy: LazyValidate = Object.assign(
      (data: unknown, context?: object) => {
        compile ??= AJV_POOL(externalSchemas, options);
        validate ??= compile(route);
        const result = context === undefined ? validate(data) : validate(data, context as never);
        lazy.errors = validate.errors;
        return result;
      },
      { schemaEnv: true as const },
    );
    return lazy as unknown as Validate;
  };
};
