// Runs once, when the MongoDB volume is first initialised (docker-entrypoint-initdb.d): the
// platform's own user, with read and write rights on its database only.
const name = process.env.MENTORSHIP_DATABASE || "mentorship";
db.getSiblingDB("admin").createUser({
  user: process.env.MONGO_APP_USERNAME,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: "readWrite", db: name }],
});
